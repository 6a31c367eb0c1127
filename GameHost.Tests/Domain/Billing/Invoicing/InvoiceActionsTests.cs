using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Invoicing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Invoicing;

/// <summary>The invoice state machine's staff transitions: open → void / uncollectible, refused from any other state.</summary>
public sealed class InvoiceActionsTests : IDisposable
{
    private readonly InvoicingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private Task<GameHost.Domain.Common.Result<InvoiceActionResult>> RunAsync(Guid invoiceId, InvoiceAction action, string? reason = "Ordered by mistake", Guid? actor = null) =>
        _data.Actions().ExecuteAsync(new InvoiceActionCommand(actor ?? _data.AdminId, invoiceId, action, reason), CancellationToken.None);

    [Fact]
    public async Task ExecuteAsync_VoidOpenOrderInvoice_VoidsCancelsThePendingOrderAndAudits()
    {
        var order = await _data.OrderAsync(_data.AddCustomer());

        var result = await RunAsync(order.InvoiceId, InvoiceAction.Void);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal((InvoiceStatus.Void, false), (result.Value.Status, result.Value.Replayed));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        var invoice = await db.Invoices().SingleAsync(i => i.Id == order.InvoiceId);
        Assert.Equal((InvoiceStatus.Void, "Ordered by mistake", _data.Time.GetUtcNow().UtcDateTime), (invoice.Status, invoice.CloseReason, invoice.ClosedAtUtc!.Value));
        Assert.Equal(SubscriptionStatus.Cancelled, (await db.Subscriptions().SingleAsync(s => s.Id == order.SubscriptionId)).Status);
        var audit = Assert.Single(await db.AuditEntries.Where(a => a.Action == InvoiceActions.VoidedAction).ToListAsync());
        Assert.Equal((_data.AdminId, order.InvoiceId.ToString("D")), (audit.ActorUserId!.Value, audit.SubjectId));
        Assert.Contains("Ordered by mistake", audit.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_VoidTwice_SecondAnswersReplayedAndWritesNoSecondAuditEntry()
    {
        var order = await _data.OrderAsync(_data.AddCustomer());
        await RunAsync(order.InvoiceId, InvoiceAction.Void);

        var again = await RunAsync(order.InvoiceId, InvoiceAction.Void);

        Assert.True(again.Value!.Replayed);
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Single(await db.AuditEntries.Where(a => a.Action == InvoiceActions.VoidedAction).ToListAsync());
    }

    [Fact]
    public async Task ExecuteAsync_VoidedInvoice_CannotBePaidFromBalanceAfterwards()
    {
        var customer = _data.AddCustomer();
        var order = await _data.OrderAsync(customer);
        await RunAsync(order.InvoiceId, InvoiceAction.Void);

        var pay = await new PayInvoiceFromBalance(_data.Contexts, new InvoiceSettlement(new LedgerPosting(_data.Time), new ProvisioningRequests(_data.Time), _data.Time))
            .ExecuteAsync(customer, order.InvoiceId, CancellationToken.None);

        Assert.Equal(BillingErrors.InvoiceNotPayable.Code, pay.Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_MarkUncollectible_WritesOffWithoutCancellingAnything()
    {
        var order = await _data.OrderAsync(_data.AddCustomer());

        var result = await RunAsync(order.InvoiceId, InvoiceAction.MarkUncollectible, "Customer unreachable for 90 days");

        Assert.Equal(InvoiceStatus.Uncollectible, result.Value!.Status);
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(SubscriptionStatus.PendingPayment, (await db.Subscriptions().SingleAsync(s => s.Id == order.SubscriptionId)).Status);
        Assert.Single(await db.AuditEntries.Where(a => a.Action == InvoiceActions.UncollectibleAction).ToListAsync());
    }

    [Theory]
    [InlineData(InvoiceAction.Void)]
    [InlineData(InvoiceAction.MarkUncollectible)]
    public async Task ExecuteAsync_PaidInvoice_IsRefusedAsNotOpen(InvoiceAction action)
    {
        var order = await _data.PaidOrderAsync(_data.AddCustomer());

        var result = await RunAsync(order.InvoiceId, action);

        Assert.Equal("billing.invoice_not_open", result.Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_UncollectibleThenVoid_IsRefusedAsNotOpen()
    {
        var order = await _data.OrderAsync(_data.AddCustomer());
        await RunAsync(order.InvoiceId, InvoiceAction.MarkUncollectible);

        Assert.Equal("billing.invoice_not_open", (await RunAsync(order.InvoiceId, InvoiceAction.Void)).Error?.Code);
    }

    [Theory]
    [InlineData(null, "billing.invoice_reason_required")]
    [InlineData("   ", "billing.invoice_reason_required")]
    public async Task ExecuteAsync_NoReason_IsRefused(string? reason, string code)
    {
        var order = await _data.OrderAsync(_data.AddCustomer());

        Assert.Equal(code, (await RunAsync(order.InvoiceId, InvoiceAction.Void, reason)).Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_SupportAgent_IsRefusedAndTheInvoiceStaysOpen()
    {
        var order = await _data.OrderAsync(_data.AddCustomer());

        var result = await RunAsync(order.InvoiceId, InvoiceAction.Void, actor: _data.SupportId);

        Assert.Equal(InvoicingErrors.ActorNotAdmin.Code, result.Error?.Code);
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(InvoiceStatus.Open, (await db.Invoices().SingleAsync(i => i.Id == order.InvoiceId)).Status);
    }

    [Fact]
    public void Void_DraftInvoice_ThrowsNotOpen()
    {
        var draft = Invoice.Draft(Guid.NewGuid(), null, "one-off:1", GameHost.Domain.Common.Currency.ZAR, new InvoiceBuyer("A", null, "ZA", null), DateTime.UnixEpoch);

        var error = Assert.Throws<GameHost.Domain.Common.DomainException>(() => draft.Void("why", DateTime.UnixEpoch));

        Assert.Equal("billing.invoice_not_open", error.Code);
    }
}
