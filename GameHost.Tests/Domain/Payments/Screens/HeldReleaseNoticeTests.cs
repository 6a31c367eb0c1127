using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.Domain.Payments.Gateways;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Payments.Screens;

/// <summary>Releasing a held payment tells the customer "payment received", like every other path that records money — once.</summary>
public sealed class HeldReleaseNoticeTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<(Guid Customer, Guid Payment)> HeldAsync(long extraMinor)
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, total) = await _host.OpenInvoiceAsync();
        _host.Gateway.OnConfirm = a => new GatewayResult(GatewayOutcome.Succeeded, TransactionId: $"txn_{a.AttemptId:N}", Amount: new(total.Minor + extraMinor, total.Currency));
        var started = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "pay"), CancellationToken.None);
        var back = await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.Value!.AttemptId, CancellationToken.None);
        Assert.Equal("payments.held_for_review", back.Value!.LastErrorCode);
        return (customer, back.Value.PaymentId!.Value);
    }

    private Task<GameHost.Domain.Common.Result<ReviewedPayment>> ReleaseAsync(Guid payment, string requestId) =>
        _host.Get<ReviewHeldPayment>().ExecuteAsync(new ReviewHeldPaymentCommand(_host.AdminId, payment, HeldDecision.Release, "Checked the statement", requestId), CancellationToken.None);

    private async Task<List<Notification>> ReceivedNoticesAsync(Guid customer)
    {
        await using var db = _host.Data.Database.CreateDbContext();
        return await db.Notifications().AsNoTracking().Where(n => n.UserId == customer && n.EventCode == NotificationCatalogue.Codes.PaymentReceived).ToListAsync();
    }

    [Fact]
    public async Task Release_HeldPayment_OnePaymentReceivedNoticeEvenWhenReleasedAgain()
    {
        var (customer, payment) = await HeldAsync(extraMinor: 500);
        var whileHeld = await ReceivedNoticesAsync(customer);

        var released = await ReleaseAsync(payment, "review-1");
        var sameForm = await ReleaseAsync(payment, "review-1");
        var otherTab = await ReleaseAsync(payment, "review-2");

        Assert.Empty(whileHeld); // Nothing was credited while it was held.
        Assert.True(released.IsSuccess, released.Error?.Code);
        Assert.True(sameForm.Value!.Replayed);
        Assert.True(otherTab.Value!.Replayed);
        var notice = Assert.Single(await ReceivedNoticesAsync(customer));
        Assert.EndsWith("/cabinet/billing", notice.Link, StringComparison.Ordinal);
        Assert.StartsWith(RecordPayment.TransactionKey("scripted", "txn_"), notice.IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_UnderpaidHeldPayment_NoticeSaysTheMoneyIsOnTheBalance()
    {
        var (customer, payment) = await HeldAsync(extraMinor: -500);

        var released = await ReleaseAsync(payment, "review-1");

        Assert.True(released.IsSuccess, released.Error?.Code);
        Assert.Empty(released.Value.InvoicesPaid);
        var notice = Assert.Single(await ReceivedNoticesAsync(customer));
        Assert.Contains(NotificationValues.Text("Paid.Balance", "en"), notice.Body, StringComparison.Ordinal);
    }
}
