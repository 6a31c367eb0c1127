using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.Stripe;

/// <summary>Off-session autopay and refunds against the fake: keys, off_session/confirm, 3DS and declines.</summary>
public sealed class StripeAutopayAndRefundTests : IAsyncLifetime
{
    private const string Customer = "cus_TestCustomer0001";

    private StripeGatewayHarness _h = null!;

    public async Task InitializeAsync() => _h = await StripeGatewayHarness.StartAsync(requestTimeout: TimeSpan.FromSeconds(10));

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static SavedMethodCharge Charge(string method, long minor = 15000, Guid? attemptId = null) =>
        new(attemptId ?? Guid.NewGuid(), Customer, method, Money.FromMinor(minor, "ZAR"), "Renewal INV-2026-000456");

    [Fact]
    public async Task ChargeSavedMethodAsync_SavedVisa_SucceededOffSessionConfirmedWithAutopayKeyAndMetadata()
    {
        var charge = Charge("pm_card_visa");

        var result = await _h.Gateway.ChargeSavedMethodAsync(_h.Account, charge, default);

        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        Assert.StartsWith("pi_", result.TransactionId, StringComparison.Ordinal);
        Assert.Equal(Money.FromMinor(15000, "ZAR"), result.Amount);
        var post = Assert.Single(_h.Fake.Posts);
        Assert.Equal("/v1/payment_intents", post.Path);
        Assert.Equal($"autopay:{charge.AttemptId}", post.Header("Idempotency-Key"));
        Assert.Equal(("true", "true"), (post.Field("off_session"), post.Field("confirm")));
        Assert.Contains("off_session=true", post.Body, StringComparison.Ordinal);
        Assert.Contains("confirm=true", post.Body, StringComparison.Ordinal);
        Assert.Equal((Customer, "pm_card_visa", "15000", "zar"), (post.Field("customer"), post.Field("payment_method"), post.Field("amount"), post.Field("currency")));
        Assert.Equal(charge.AttemptId.ToString(), post.Field("metadata[attempt_id]"));
        Assert.Equal(_h.Account.AccountId.ToString(), post.Field("metadata[gateway_account]"));
    }

    [Fact]
    public async Task ChargeSavedMethodAsync_AuthenticationRequired_RequiresCustomerActionAndNoOffSessionRetry()
    {
        var result = await _h.Gateway.ChargeSavedMethodAsync(_h.Account, Charge("pm_card_authenticationRequired"), default);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.Equal("authentication_required", result.ErrorCode);
        Assert.StartsWith("pi_", result.GatewayReference, StringComparison.Ordinal);
        Assert.Null(result.RedirectUrl);
        Assert.Single(_h.Fake.Posts);
    }

    [Theory]
    [InlineData("pm_card_chargeDeclined", "card_declined:generic_decline")]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", "card_declined:insufficient_funds")]
    public async Task ChargeSavedMethodAsync_Declined_FailedWithTheDeclineCode(string method, string expectedCode)
    {
        var result = await _h.Gateway.ChargeSavedMethodAsync(_h.Account, Charge(method), default);

        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.Equal(expectedCode, result.ErrorCode);
        Assert.NotNull(result.RawBody);
        Assert.Single(_h.Fake.Posts);
    }

    [Fact]
    public async Task ChargeSavedMethodAsync_Processing_PendingWithoutCredit()
    {
        var result = await _h.Gateway.ChargeSavedMethodAsync(_h.Account, Charge("pm_card_processing"), default);

        Assert.Equal(GatewayOutcome.Pending, result.Outcome);
        Assert.StartsWith("pi_", result.TransactionId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChargeSavedMethodAsync_ChargedThenConnectionDropped_UnknownAndTheRetryReturnsTheOneCharge()
    {
        _h.Fake.Inject(FakeStripe.CreateIntent, FakeStripeFault.CommitThenDrop());
        var charge = Charge("pm_card_visa");

        var first = await _h.Gateway.ChargeSavedMethodAsync(_h.Account, charge, default);
        var retry = await _h.Gateway.ChargeSavedMethodAsync(_h.Account, charge, default);

        Assert.Equal(GatewayOutcome.Unknown, first.Outcome);
        Assert.Equal(GatewayOutcome.Succeeded, retry.Outcome);
        Assert.Equal(retry.TransactionId, Assert.Single(_h.Fake.Intents)["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChargeSavedMethodAsync_SameAttemptWithAnotherAmount_FailedIdempotencyErrorAndNoSecondCharge()
    {
        var attemptId = Guid.NewGuid();
        await _h.Gateway.ChargeSavedMethodAsync(_h.Account, Charge("pm_card_visa", 15000, attemptId), default);

        var changed = await _h.Gateway.ChargeSavedMethodAsync(_h.Account, Charge("pm_card_visa", 16000, attemptId), default);

        Assert.Equal(GatewayOutcome.Failed, changed.Outcome);
        Assert.Equal("stripe.idempotency_error", changed.ErrorCode);
        Assert.Single(_h.Fake.Intents);
    }

    [Fact]
    public async Task RefundAsync_PartialThenRest_RefundKeysAndAmounts_ThenOverRefundFails()
    {
        var paid = await _h.Gateway.ChargeSavedMethodAsync(_h.Account, Charge("pm_card_visa"), default);
        var firstId = Guid.NewGuid();
        var secondId = Guid.NewGuid();

        var partial = await _h.Gateway.RefundAsync(_h.Account, new GatewayRefundRequest(firstId, paid.TransactionId!, Money.FromMinor(5000, "ZAR"), "Goodwill"), default);
        var repeat = await _h.Gateway.RefundAsync(_h.Account, new GatewayRefundRequest(firstId, paid.TransactionId!, Money.FromMinor(5000, "ZAR"), "Goodwill"), default);
        var rest = await _h.Gateway.RefundAsync(_h.Account, new GatewayRefundRequest(secondId, paid.TransactionId!, Money.FromMinor(10000, "ZAR"), null), default);
        var tooMuch = await _h.Gateway.RefundAsync(_h.Account, new GatewayRefundRequest(Guid.NewGuid(), paid.TransactionId!, Money.FromMinor(1, "ZAR"), null), default);

        Assert.Equal(GatewayOutcome.Succeeded, partial.Outcome);
        Assert.StartsWith("re_", partial.TransactionId, StringComparison.Ordinal);
        Assert.Equal(Money.FromMinor(5000, "ZAR"), partial.Amount);
        Assert.Equal(partial.TransactionId, repeat.TransactionId);
        Assert.Equal((GatewayOutcome.Succeeded, Money.FromMinor(10000, "ZAR")), (rest.Outcome, rest.Amount!.Value));
        Assert.Equal((GatewayOutcome.Failed, "stripe.charge_already_refunded"), (tooMuch.Outcome, tooMuch.ErrorCode));
        Assert.Equal(2, _h.Fake.Refunds.Count);
        var refundPosts = _h.Fake.Posts.Where(p => p.Path == "/v1/refunds").ToList();
        Assert.Equal([$"refund:{firstId}", $"refund:{firstId}", $"refund:{secondId}"], refundPosts.Take(3).Select(p => p.Header("Idempotency-Key")));
        Assert.Equal(("5000", paid.TransactionId), (refundPosts[0].Field("amount"), refundPosts[0].Field("payment_intent")));
    }
}
