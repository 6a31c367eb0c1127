using GameHost.App.Features.Payments.Gateways.PayPal;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.PayPal;

/// <summary>Contract §2.5–2.7, §2.9 and scenarios 4, 18, 26–30, 36: bringing an order to its final state.</summary>
public sealed class PayPalConfirmTests
{
    private static readonly Money Usd = Money.FromMinor(1250, "USD");

    [Fact]
    public async Task ConfirmAsync_ApprovedOrder_CapturesAndSucceedsWithCaptureId()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (attemptId, orderId, snapshot) = await paypal.StartOrderAsync(Usd);

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        var capture = Assert.Single(paypal.Fake.Captures.Values);
        Assert.Equal(capture.Id, result.TransactionId);
        Assert.Equal(orderId, result.GatewayReference);
        Assert.Equal(Usd, result.Amount);
        Assert.Equal(92, result.FeeMinor);
        var request = Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.Capture));
        Assert.Equal($"capture-{attemptId}", request.Header("PayPal-Request-Id"));
        Assert.Equal("return=representation", request.Header("Prefer"));
        Assert.Equal("{}", request.Body);
    }

    [Fact]
    public async Task ConfirmAsync_CalledAgainAfterSuccess_SameCaptureNoSecondCapture()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, _, snapshot) = await paypal.StartOrderAsync(Usd);

        var first = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        var second = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Succeeded, second.Outcome);
        Assert.Equal(first.TransactionId, second.TransactionId);
        Assert.Single(paypal.Fake.Captures);
        Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.Capture));
    }

    [Fact]
    public async Task ConfirmAsync_ProcessRestartsBetweenCaptureTries_BothCarrySameRequestId()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (attemptId, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.ServerError());

        var first = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        paypal.Restart();
        var second = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, first.Outcome);
        Assert.Equal(GatewayOutcome.Succeeded, second.Outcome);
        var captures = paypal.Fake.RequestsTo(PayPalRoute.Capture);
        Assert.Equal(2, captures.Count);
        Assert.All(captures, c => Assert.Equal($"capture-{attemptId}", c.Header("PayPal-Request-Id")));
        Assert.Single(paypal.Fake.Captures);
    }

    [Fact]
    public async Task ConfirmAsync_CaptureCommittedThenTimeout_UnknownThenOriginalCaptureOnce()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (attemptId, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.CommitThen(PayPalFault.Hang()));

        var lost = await paypal.DriveAsync(paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None), TimeSpan.FromSeconds(1));
        var capture = Assert.Single(paypal.Fake.Captures.Values);

        // PayPal's read side still shows the order APPROVED: the retry captures again with the same request id and gets
        // the first capture back (200 replay) instead of a second capture.
        paypal.Fake.Inject(PayPalRoute.GetOrder, PayPalFault.StaleApproved());
        var retried = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, lost.Outcome);
        Assert.Null(lost.TransactionId);
        Assert.Equal(GatewayOutcome.Succeeded, retried.Outcome);
        Assert.Equal(capture.Id, retried.TransactionId);
        Assert.Single(paypal.Fake.Captures);
        var captures = paypal.Fake.RequestsTo(PayPalRoute.Capture);
        Assert.Equal(2, captures.Count);
        Assert.All(captures, c => Assert.Equal($"capture-{attemptId}", c.Header("PayPal-Request-Id")));
    }

    [Fact]
    public async Task ConfirmAsync_CaptureCommittedThenConnectionDropped_UnknownThenRecordedFromOrder()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.CommitThen(PayPalFault.Drop()));

        var lost = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        var later = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, lost.Outcome);
        Assert.Equal(GatewayOutcome.Succeeded, later.Outcome);
        Assert.Equal(Assert.Single(paypal.Fake.Captures.Values).Id, later.TransactionId);
        Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.Capture));
    }

    [Fact]
    public async Task ConfirmAsync_CaptureRateLimited_WaitsRetryAfterAndRetriesWithSameKey()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (attemptId, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.TooManyRequests(2));

        var result = await paypal.DriveAsync(paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None), TimeSpan.FromMilliseconds(250));

        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        var captures = paypal.Fake.RequestsTo(PayPalRoute.Capture);
        Assert.Equal(2, captures.Count);
        Assert.All(captures, c => Assert.Equal($"capture-{attemptId}", c.Header("PayPal-Request-Id")));
        Assert.Single(paypal.Fake.Captures);
    }

    [Fact]
    public async Task ConfirmAsync_CapturePending_PendingWithoutCredit()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.CaptureWithStatus("PENDING", "PENDING_REVIEW"));

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Pending, result.Outcome);
        Assert.Equal(Assert.Single(paypal.Fake.Captures.Values).Id, result.TransactionId);
        Assert.Equal("PENDING_REVIEW", result.ErrorCode);
        Assert.Null(result.FeeMinor);
    }

    [Fact]
    public async Task ConfirmAsync_CompletedOrderWithDeclinedCapture_Failed()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.CaptureWithStatus("DECLINED"));

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        var again = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal("COMPLETED", Assert.Single(paypal.Fake.Orders.Values).Status);
        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.Equal(PayPalErrorCodes.CaptureDeclined, result.ErrorCode);
        Assert.Equal(GatewayOutcome.Failed, again.Outcome);
    }

    [Fact]
    public async Task ConfirmAsync_OrderNotApprovedOnCapture_PendingNotFailedThenCapturedLater()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.Unprocessable("ORDER_NOT_APPROVED"));

        var first = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        var later = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Pending, first.Outcome);
        Assert.Equal("ORDER_NOT_APPROVED", first.ErrorCode);
        Assert.Equal(GatewayOutcome.Succeeded, later.Outcome);
        Assert.Single(paypal.Fake.Captures);
    }

    [Fact]
    public async Task ConfirmAsync_BuyerHasNotApproved_RequiresCustomerActionWithSameLink()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, orderId, snapshot) = await paypal.StartOrderAsync(Usd, approve: false);

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.Equal($"{paypal.Fake.BaseUrl}/checkoutnow?token={orderId}", result.RedirectUrl);
        Assert.Empty(paypal.Fake.RequestsTo(PayPalRoute.Capture));
    }

    [Fact]
    public async Task ConfirmAsync_OrderAlreadyCaptured_ExistingCaptureReturned()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, orderId, snapshot) = await paypal.StartOrderAsync(Usd);
        var existing = paypal.Fake.CaptureElsewhere(orderId);
        paypal.Fake.Inject(PayPalRoute.GetOrder, PayPalFault.StaleApproved());

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        Assert.Equal(existing, result.TransactionId);
        Assert.Single(paypal.Fake.Captures);
        Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.Capture));
        Assert.Equal(2, paypal.Fake.RequestsTo(PayPalRoute.GetOrder).Count);
    }

    [Fact]
    public async Task ConfirmAsync_InstrumentDeclined_BuyerSentBackToSameLinkNoNewOrder()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, orderId, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.Unprocessable("INSTRUMENT_DECLINED"));

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.Equal("INSTRUMENT_DECLINED", result.ErrorCode);
        Assert.Equal($"{paypal.Fake.BaseUrl}/checkoutnow?token={orderId}", result.RedirectUrl);
        Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.CreateOrder));
        Assert.Empty(paypal.Fake.Captures);
    }

    [Fact]
    public async Task ConfirmAsync_OtherBusinessError_FailedWithIssue()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.Unprocessable("PAYER_CANNOT_PAY"));

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.Equal("PAYER_CANNOT_PAY", result.ErrorCode);
    }

    [Fact]
    public async Task ConfirmAsync_UnapprovedOrderPastApprovalWindow_Expired()
    {
        await using var paypal = await PayPalHarness.StartAsync(o => o.ApprovalWindowMinutes = 180);
        var (_, _, snapshot) = await paypal.StartOrderAsync(Usd, approve: false);
        paypal.Clock.Advance(TimeSpan.FromMinutes(179));
        var inside = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        paypal.Clock.Advance(TimeSpan.FromMinutes(2));

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, inside.Outcome);
        Assert.Equal(GatewayOutcome.Expired, result.Outcome);
        Assert.Empty(paypal.Fake.RequestsTo(PayPalRoute.Capture));
    }

    [Fact]
    public async Task ConfirmAsync_OrderUnknownToPayPal_Expired()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, orderId, snapshot) = await paypal.StartOrderAsync(Usd, approve: false);
        paypal.Fake.ExpireOrder(orderId);

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Expired, result.Outcome);
        Assert.Equal("INVALID_RESOURCE_ID", result.ErrorCode);
    }

    [Fact]
    public async Task ConfirmAsync_NoOrderIdAndWindowPassed_ExpiredElseUnknown()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var snapshot = paypal.Snapshot(Guid.NewGuid(), Usd, orderId: null);

        var early = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        paypal.Clock.Advance(TimeSpan.FromHours(4));
        var late = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, early.Outcome);
        Assert.Equal(GatewayOutcome.Expired, late.Outcome);
        Assert.Empty(paypal.Fake.Received);
    }

    [Fact]
    public async Task ConfirmAsync_LookupServerError_UnknownNoCapture()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.GetOrder, PayPalFault.Unavailable());

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, result.Outcome);
        Assert.Empty(paypal.Fake.RequestsTo(PayPalRoute.Capture));
    }
}
