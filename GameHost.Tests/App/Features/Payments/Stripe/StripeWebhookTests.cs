using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.Stripe;

/// <summary>Webhook verification (contract §3.6, §7 rows 10–12) and event interpretation (rows 16, 19, 22, 33).</summary>
public sealed class StripeWebhookTests : IAsyncLifetime
{
    private StripeGatewayHarness _h = null!;

    public async Task InitializeAsync() => _h = await StripeGatewayHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    internal static string Fixture(string name, [CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", name));

    [Theory]
    [InlineData("stripe-event-checkout-session-completed.json", "evt_1TestCsCompleted0000001", "checkout.session.completed")]
    [InlineData("stripe-event-payment-intent-succeeded.json", "evt_3TestPiSucceeded0000001", "payment_intent.succeeded")]
    public async Task VerifyWebhookAsync_FixtureSignedWithTheSecret_ValidWithEventIdAndType(string file, string eventId, string type)
    {
        var body = Fixture(file);

        var result = await _h.Gateway.VerifyWebhookAsync(_h.Account, StripeGatewayHarness.Webhook(body, _h.Fake.Sign(body)), default);

        Assert.Equal(WebhookVerificationStatus.Valid, result.Status);
        Assert.Equal((eventId, type), (result.EventId, result.EventType));
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("modified-body")]
    [InlineData("301-seconds-old")]
    [InlineData("301-seconds-ahead")]
    [InlineData("missing-header")]
    [InlineData("garbled-header")]
    public async Task VerifyWebhookAsync_ForgedStaleOrMissingSignature_Invalid(string forgery)
    {
        var body = Fixture("stripe-event-payment-intent-succeeded.json");
        var now = _h.Clock.GetUtcNow();
        var (sentBody, signature) = forgery switch
        {
            "wrong-secret" => (body, _h.Fake.Sign(body, now, "whsec_someone_else")),
            "modified-body" => (body.Replace("15000", "1500", StringComparison.Ordinal), _h.Fake.Sign(body)),
            "301-seconds-old" => (body, _h.Fake.Sign(body, now.AddSeconds(-301))),
            "301-seconds-ahead" => (body, _h.Fake.Sign(body, now.AddSeconds(301))),
            "missing-header" => (body, (string?)null),
            _ => (body, "v1=abc,t=notanumber"),
        };

        var result = await _h.Gateway.VerifyWebhookAsync(_h.Account, StripeGatewayHarness.Webhook(sentBody, signature), default);

        Assert.Equal(WebhookVerificationStatus.Invalid, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Null(result.EventId);
        Assert.Empty(_h.Fake.Received);
    }

    [Fact]
    public async Task VerifyWebhookAsync_SignedJustInsideTheTolerance_Valid()
    {
        var body = Fixture("stripe-event-payment-intent-succeeded.json");

        var result = await _h.Gateway.VerifyWebhookAsync(_h.Account, StripeGatewayHarness.Webhook(body, _h.Fake.Sign(body, _h.Clock.GetUtcNow().AddSeconds(-299))), default);

        Assert.Equal(WebhookVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public async Task VerifyWebhookAsync_TwoV1ValuesDuringSecretRotation_ValidWhenOneMatches()
    {
        var body = Fixture("stripe-event-checkout-session-completed.json");
        var header = _h.Fake.Sign(body, null, "whsec_old_rolled_secret", FakeStripe.DefaultWebhookSecret);

        var result = await _h.Gateway.VerifyWebhookAsync(_h.Account, StripeGatewayHarness.Webhook(body, header), default);

        Assert.Equal(2, header.Split(',').Count(p => p.StartsWith("v1=", StringComparison.Ordinal)));
        Assert.Equal(WebhookVerificationStatus.Valid, result.Status);
    }

    [Theory]
    [InlineData("2025-03-31.basil")]
    [InlineData("2023-10-16")]
    public async Task VerifyWebhookAsync_EventOnAnotherApiTrain_InvalidWithALoggedReason(string apiVersion)
    {
        var body = Fixture("stripe-event-payment-intent-succeeded.json").Replace("2026-10-28.endive", apiVersion, StringComparison.Ordinal);

        var result = await _h.Gateway.VerifyWebhookAsync(_h.Account, StripeGatewayHarness.Webhook(body, _h.Fake.Sign(body)), default);

        Assert.Equal(WebhookVerificationStatus.Invalid, result.Status);
        Assert.Contains("API version", result.Reason, StringComparison.Ordinal);
        Assert.Contains(_h.LogLines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("API version", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InterpretEventAsync_SessionCompletedAndIntentSucceededForOnePayment_SameAttemptAndSamePaymentIntent()
    {
        var (attemptId, session, intent) = await PaidCheckoutAsync();
        var completed = _h.Fake.BuildEvent("checkout.session.completed", _h.Fake.Session(session)!);
        var succeeded = _h.Fake.BuildEvent("payment_intent.succeeded", _h.Fake.Intent(intent)!);

        var fromSession = await _h.Gateway.InterpretEventAsync(_h.Account, StripeGatewayHarness.Stored(completed), default);
        var fromIntent = await _h.Gateway.InterpretEventAsync(_h.Account, StripeGatewayHarness.Stored(succeeded), default);

        foreach (var outcome in new[] { fromSession, fromIntent })
        {
            Assert.Equal(GatewayEventKind.Payment, outcome.Kind);
            Assert.Equal(attemptId, outcome.AttemptId);
            Assert.Equal(GatewayOutcome.Succeeded, outcome.Result!.Outcome);
            Assert.Equal(intent, outcome.Result.TransactionId);
            Assert.Equal(Money.FromMinor(15000, "ZAR"), outcome.Result.Amount);
        }
    }

    [Fact]
    public async Task InterpretEventAsync_StaleBodies_ReReadTheGatewaySoTheFinalStateWins()
    {
        var (attemptId, session, intent) = await PaidCheckoutAsync();
        var staleIntent = _h.Fake.Intent(intent)!;
        staleIntent["status"] = "requires_payment_method";
        staleIntent["last_payment_error"] = new JsonObject { ["type"] = "card_error", ["code"] = "card_declined" };
        var failedAfterSucceeded = _h.Fake.BuildEvent("payment_intent.payment_failed", staleIntent);
        var staleSession = _h.Fake.Session(session)!;
        staleSession["payment_status"] = "unpaid";
        var processingBody = _h.Fake.BuildEvent("checkout.session.async_payment_failed", staleSession);

        var late = await _h.Gateway.InterpretEventAsync(_h.Account, StripeGatewayHarness.Stored(failedAfterSucceeded), default);
        var stale = await _h.Gateway.InterpretEventAsync(_h.Account, StripeGatewayHarness.Stored(processingBody), default);

        Assert.Equal((attemptId, GatewayOutcome.Succeeded, intent), (late.AttemptId!.Value, late.Result!.Outcome, late.Result.TransactionId));
        Assert.Equal((attemptId, GatewayOutcome.Succeeded, intent), (stale.AttemptId!.Value, stale.Result!.Outcome, stale.Result.TransactionId));
    }

    [Fact]
    public async Task InterpretEventAsync_IntentSucceededBeforeTheFakeMovesFromProcessing_PendingThenSucceeded()
    {
        var (_, _, intent) = await PaidCheckoutAsync(intentStatus: "processing");
        var body = _h.Fake.BuildEvent("payment_intent.processing", _h.Fake.Intent(intent)!);

        var before = await _h.Gateway.InterpretEventAsync(_h.Account, StripeGatewayHarness.Stored(body), default);
        _h.Fake.SetIntentStatus(intent, "succeeded");
        var after = await _h.Gateway.InterpretEventAsync(_h.Account, StripeGatewayHarness.Stored(body), default);

        Assert.Equal(GatewayOutcome.Pending, before.Result!.Outcome);
        Assert.Equal(GatewayOutcome.Succeeded, after.Result!.Outcome);
    }

    [Fact]
    public async Task InterpretEventAsync_ObjectOfAnotherGatewayAccount_IgnoredWithAReasonAndNoCall()
    {
        var (_, _, intent) = await PaidCheckoutAsync();
        var before = _h.Fake.Received.Count;
        var other = StripeGatewayHarness.AccountFor(_h.Fake.BaseAddress.ToString(), Guid.NewGuid());

        var outcome = await _h.Gateway.InterpretEventAsync(other, StripeGatewayHarness.Stored(_h.Fake.BuildEvent("payment_intent.succeeded", _h.Fake.Intent(intent)!)), default);

        Assert.Equal(GatewayEventKind.Ignored, outcome.Kind);
        Assert.Contains("gateway_account", outcome.IgnoredReason, StringComparison.Ordinal);
        Assert.Equal(before, _h.Fake.Received.Count);
    }

    [Fact]
    public async Task InterpretEventAsync_FixtureWithoutOurAccountMetadata_Ignored()
    {
        var outcome = await _h.Gateway.InterpretEventAsync(_h.Account, StripeGatewayHarness.Stored(Fixture("stripe-event-checkout-session-completed.json")), default);

        Assert.Equal(GatewayEventKind.Ignored, outcome.Kind);
    }

    [Fact]
    public async Task InterpretEventAsync_UnhandledType_IgnoredNamingTheType()
    {
        var body = _h.Fake.BuildEvent("customer.created", new JsonObject { ["id"] = "cus_TestX", ["object"] = "customer" });

        var outcome = await _h.Gateway.InterpretEventAsync(_h.Account, StripeGatewayHarness.Stored(body), default);

        Assert.Equal(GatewayEventKind.Ignored, outcome.Kind);
        Assert.Contains("customer.created", outcome.IgnoredReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InterpretEventAsync_GatewayUnreachableWhileReReading_ThrowsSoTheInboxRetries()
    {
        var (_, _, intent) = await PaidCheckoutAsync();
        _h.Fake.Inject(FakeStripe.GetIntent, FakeStripeFault.ServerError(503));

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            _h.Gateway.InterpretEventAsync(_h.Account, StripeGatewayHarness.Stored(_h.Fake.BuildEvent("payment_intent.succeeded", _h.Fake.Intent(intent)!)), default));
    }

    [Fact]
    public async Task InterpretEventAsync_RefundUpdated_RefundOutcomeReReadFromStripe()
    {
        var paid = await _h.Gateway.ChargeSavedMethodAsync(_h.Account, new SavedMethodCharge(Guid.NewGuid(), "cus_TestCustomer0001", "pm_card_visa", Money.FromMinor(15000, "ZAR"), "Renewal"), default);
        var refund = await _h.Gateway.RefundAsync(_h.Account, new GatewayRefundRequest(Guid.NewGuid(), paid.TransactionId!, Money.FromMinor(15000, "ZAR"), null), default);
        var refundObject = Assert.Single(_h.Fake.Refunds);

        var outcome = await _h.Gateway.InterpretEventAsync(_h.Account, StripeGatewayHarness.Stored(_h.Fake.BuildEvent("refund.updated", refundObject)), default);

        Assert.Equal(GatewayEventKind.Refund, outcome.Kind);
        Assert.Equal((GatewayOutcome.Succeeded, refund.TransactionId, paid.TransactionId), (outcome.Result!.Outcome, outcome.Result.TransactionId, outcome.Result.GatewayReference));
    }

    private async Task<(Guid AttemptId, string Session, string Intent)> PaidCheckoutAsync(string intentStatus = "succeeded")
    {
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR"));
        var started = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);
        var intent = _h.Fake.CompleteSession(started.GatewayReference!, intentStatus: intentStatus);
        return (request.AttemptId, started.GatewayReference!, intent);
    }
}

/// <summary>The one formatter between our money and Stripe's integer amounts.</summary>
public sealed class StripeAmountsTests
{
    [Theory]
    [InlineData("ZAR", 15000L)]
    [InlineData("USD", 1L)]
    [InlineData("JPY", 1250L)]
    [InlineData("KRW", 50000L)]
    [InlineData("KWD", 12340L)]
    [InlineData("USD", 9007199254740993L)]
    public void ToStripeAmount_ThenFromStripe_RoundTripsExactly(string currency, long minor)
    {
        var money = Money.FromMinor(minor, currency);

        var amount = GameHost.App.Features.Payments.Gateways.Stripe.StripeAmounts.ToStripeAmount(money);

        Assert.Equal(minor, amount);
        Assert.Equal(money, GameHost.App.Features.Payments.Gateways.Stripe.StripeAmounts.FromStripe(amount!.Value, currency.ToLowerInvariant()));
    }

    [Fact]
    public void ToStripeAmount_JapaneseYen_IsNotMultipliedByOneHundred() =>
        Assert.Equal(1250L, GameHost.App.Features.Payments.Gateways.Stripe.StripeAmounts.ToStripeAmount(Money.FromMinor(1250, "JPY")));

    [Fact]
    public void ToStripeAmount_ThreeDecimalNotEndingInZero_Refused() =>
        Assert.Null(GameHost.App.Features.Payments.Gateways.Stripe.StripeAmounts.ToStripeAmount(Money.FromMinor(12345, "BHD")));

    [Fact]
    public void FromStripe_UnknownCurrency_Null() =>
        Assert.Null(GameHost.App.Features.Payments.Gateways.Stripe.StripeAmounts.FromStripe(100, "xyz"));
}
