using GameHost.App.Features.Payments.Gateways.PayPal;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.PayPal;

/// <summary>The PayPal adapter's answers for the refund check and the settlement check, over HTTP to the fake PayPal.</summary>
public sealed class PayPalChecksTests
{
    private static readonly Money Usd = Money.FromMinor(1250, "USD");

    private static async Task<(string CaptureId, Guid AttemptId)> CaptureAsync(PayPalHarness paypal)
    {
        var (attemptId, _, snapshot) = await paypal.StartOrderAsync(Usd);
        var captured = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        Assert.Equal(GatewayOutcome.Succeeded, captured.Outcome);
        return (captured.TransactionId!, attemptId);
    }

    private static IRefundLookup Lookup(PayPalHarness paypal) => Assert.IsAssignableFrom<IRefundLookup>(paypal.Gateway);

    [Fact]
    public async Task LookUpRefundAsync_RefundMadeAnswerLost_TheOneRefundWithoutASecond()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (captureId, _) = await CaptureAsync(paypal);
        var refundId = Guid.NewGuid();
        paypal.Fake.Inject(PayPalRoute.Refund, PayPalFault.CommitThen(PayPalFault.Drop()));
        var lost = await paypal.Gateway.RefundAsync(paypal.Account, new GatewayRefundRequest(refundId, captureId, Usd, "Left"), CancellationToken.None);

        var found = await Lookup(paypal).LookUpRefundAsync(paypal.Account,
            new RefundLookup(refundId, captureId, null, Usd, "Left", paypal.Clock.GetUtcNow().UtcDateTime), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, lost.Outcome);
        Assert.Equal(GatewayOutcome.Succeeded, found.Outcome);
        var refund = Assert.Single(paypal.Fake.Refunds.Values);
        Assert.Equal(refund.Id, found.TransactionId);
        Assert.All(paypal.Fake.RequestsTo(PayPalRoute.Refund), r => Assert.Equal($"refund-{refundId}", r.Header("PayPal-Request-Id")));
    }

    [Fact]
    public async Task LookUpRefundAsync_KnownRefundId_ReadByGetRefund()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (captureId, _) = await CaptureAsync(paypal);
        var made = await paypal.Gateway.RefundAsync(paypal.Account, new GatewayRefundRequest(Guid.NewGuid(), captureId, Usd, null), CancellationToken.None);

        var read = await Lookup(paypal).LookUpRefundAsync(paypal.Account,
            new RefundLookup(Guid.NewGuid(), captureId, made.TransactionId, Usd, null, paypal.Clock.GetUtcNow().UtcDateTime), CancellationToken.None);
        var gone = await Lookup(paypal).LookUpRefundAsync(paypal.Account,
            new RefundLookup(Guid.NewGuid(), captureId, "0NOSUCHREFUND", Usd, null, paypal.Clock.GetUtcNow().UtcDateTime), CancellationToken.None);

        Assert.Equal((GatewayOutcome.Succeeded, made.TransactionId), (read.Outcome, read.TransactionId));
        Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.GetRefund), r => r.Path.EndsWith(made.TransactionId!, StringComparison.Ordinal));
        Assert.Equal(GatewayOutcome.Unknown, gone.Outcome);
        Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.Refund));
    }

    [Fact]
    public async Task LookUpRefundAsync_OlderThanTheRequestIdRetention_NothingSentStaysUnknown()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (captureId, _) = await CaptureAsync(paypal);

        var result = await Lookup(paypal).LookUpRefundAsync(paypal.Account,
            new RefundLookup(Guid.NewGuid(), captureId, null, Usd, null, paypal.Clock.GetUtcNow().UtcDateTime.AddDays(-45)), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, result.Outcome);
        Assert.Empty(paypal.Fake.RequestsTo(PayPalRoute.Refund));
    }

    [Fact]
    public async Task ListSettledAsync_CapturesAndARefund_OnlyCompletedPaymentsWithCustomIdAndTime()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var from = paypal.Clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var (first, attemptId) = await CaptureAsync(paypal);
        var (second, _) = await CaptureAsync(paypal);
        await paypal.Gateway.RefundAsync(paypal.Account, new GatewayRefundRequest(Guid.NewGuid(), second, Money.FromMinor(250, "USD"), null), CancellationToken.None);

        var listing = await Assert.IsAssignableFrom<ISettlementListing>(paypal.Gateway).ListSettledAsync(paypal.Account, from, from.AddDays(1), CancellationToken.None);

        Assert.True(listing.Complete, listing.Error);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), listing.Transactions.Select(t => t.TransactionId).Order(StringComparer.Ordinal));
        Assert.All(listing.Transactions, t => Assert.Equal(Usd, t.Amount));
        var one = Assert.Single(listing.Transactions, t => t.TransactionId == first);
        Assert.Equal(attemptId.ToString("D"), one.AttemptReference);
        Assert.Equal(paypal.Fake.Captures[first].CreatedAt.UtcDateTime, one.AtUtc, TimeSpan.FromSeconds(1));
        Assert.Single(paypal.Fake.Received, r => r.Route == PayPalRoute.ReportingTransactions && r.Method == "GET");
    }

    [Fact]
    public async Task ListSettledAsync_ReportingFails_NotComplete()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.ReportingTransactions, PayPalFault.ServerError());
        var now = paypal.Clock.GetUtcNow().UtcDateTime;

        var listing = await Assert.IsAssignableFrom<ISettlementListing>(paypal.Gateway).ListSettledAsync(paypal.Account, now.AddDays(-1), now, CancellationToken.None);

        Assert.False(listing.Complete);
        Assert.Empty(listing.Transactions);
    }
}
