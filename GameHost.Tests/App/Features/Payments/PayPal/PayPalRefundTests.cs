using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.PayPal;

/// <summary>Contract §2.8: full and partial refunds keyed by our refund id.</summary>
public sealed class PayPalRefundTests
{
    private static readonly Money Usd = Money.FromMinor(1250, "USD");

    [Fact]
    public async Task RefundAsync_FullAmount_SucceedsWithRefundIdAndOurKey()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var captureId = await CaptureAsync(paypal);
        var refundId = Guid.NewGuid();

        var result = await paypal.Gateway.RefundAsync(paypal.Account, new GatewayRefundRequest(refundId, captureId, Usd, "Service cancelled"), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        var refund = Assert.Single(paypal.Fake.Refunds.Values);
        Assert.Equal(refund.Id, result.TransactionId);
        Assert.Equal(captureId, result.GatewayReference);
        Assert.Equal(Usd, result.Amount);
        Assert.Equal("REFUNDED", paypal.Fake.Captures[captureId].Status);
        var request = Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.Refund));
        Assert.Equal($"refund-{refundId}", request.Header("PayPal-Request-Id"));
        Assert.Equal("12.50", request.Json!["amount"]!["value"]!.GetValue<string>());
        Assert.Equal("Service cancelled", request.Json!["note_to_payer"]!.GetValue<string>());
    }

    [Fact]
    public async Task RefundAsync_PartialThenRest_CaptureEndsRefunded()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var captureId = await CaptureAsync(paypal);

        var part = await paypal.Gateway.RefundAsync(paypal.Account, new GatewayRefundRequest(Guid.NewGuid(), captureId, Money.FromMinor(500, "USD"), null), CancellationToken.None);
        var statusAfterPart = paypal.Fake.Captures[captureId].Status;
        var rest = await paypal.Gateway.RefundAsync(paypal.Account, new GatewayRefundRequest(Guid.NewGuid(), captureId, Money.FromMinor(750, "USD"), null), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Succeeded, part.Outcome);
        Assert.Equal(Money.FromMinor(500, "USD"), part.Amount);
        Assert.Equal("PARTIALLY_REFUNDED", statusAfterPart);
        Assert.Equal(GatewayOutcome.Succeeded, rest.Outcome);
        Assert.Equal(Money.FromMinor(750, "USD"), rest.Amount);
        Assert.Equal("REFUNDED", paypal.Fake.Captures[captureId].Status);
        Assert.Equal("5.00", paypal.Fake.RequestsTo(PayPalRoute.Refund)[0].Json!["amount"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task RefundAsync_SameRefundIdTwice_OneRefundSameId()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var captureId = await CaptureAsync(paypal);
        var request = new GatewayRefundRequest(Guid.NewGuid(), captureId, Money.FromMinor(500, "USD"), null);

        var first = await paypal.Gateway.RefundAsync(paypal.Account, request, CancellationToken.None);
        var second = await paypal.Gateway.RefundAsync(paypal.Account, request, CancellationToken.None);

        Assert.Equal(first.TransactionId, second.TransactionId);
        Assert.Equal(GatewayOutcome.Succeeded, second.Outcome);
        Assert.Single(paypal.Fake.Refunds);
        Assert.Equal("PARTIALLY_REFUNDED", paypal.Fake.Captures[captureId].Status);
    }

    [Fact]
    public async Task RefundAsync_RefundCommittedThenServerError_UnknownThenSameRefundOnRetry()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var captureId = await CaptureAsync(paypal);
        var request = new GatewayRefundRequest(Guid.NewGuid(), captureId, Usd, null);
        paypal.Fake.Inject(PayPalRoute.Refund, PayPalFault.CommitThen(PayPalFault.ServerError()));

        var lost = await paypal.Gateway.RefundAsync(paypal.Account, request, CancellationToken.None);
        var retried = await paypal.Gateway.RefundAsync(paypal.Account, request, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, lost.Outcome);
        Assert.Equal(GatewayOutcome.Succeeded, retried.Outcome);
        Assert.Equal(Assert.Single(paypal.Fake.Refunds.Values).Id, retried.TransactionId);
    }

    [Fact]
    public async Task RefundAsync_MoreThanCaptured_FailedWithIssue()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var captureId = await CaptureAsync(paypal);

        var result = await paypal.Gateway.RefundAsync(paypal.Account, new GatewayRefundRequest(Guid.NewGuid(), captureId, Money.FromMinor(1251, "USD"), null), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.Equal("REFUND_AMOUNT_EXCEEDED", result.ErrorCode);
        Assert.Empty(paypal.Fake.Refunds);
    }

    private static async Task<string> CaptureAsync(PayPalHarness paypal)
    {
        var (_, _, snapshot) = await paypal.StartOrderAsync(Usd);
        var captured = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        Assert.Equal(GatewayOutcome.Succeeded, captured.Outcome);
        return captured.TransactionId!;
    }
}
