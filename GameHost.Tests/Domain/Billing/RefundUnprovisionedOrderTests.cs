using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;

namespace GameHost.Tests.Domain.Billing;

/// <summary>A paid order whose server never came is given back to the balance once, with everything that goes with it.</summary>
public class RefundUnprovisionedOrderTests : IDisposable
{
    private readonly RefundTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task AssertBooksBalanceAsync()
    {
        var check = await new LedgerReconciliation(_data.Contexts, _data.Time, GameHost.Tests.TestSupport.TestNotifier.Create(_data.Time)).RunAsync(CancellationToken.None);
        Assert.True(check.IsClean, check.ToSummary());
    }

    [Fact]
    public async Task ExecuteAsync_FailedCreate_ReturnsTheGrossToTheBalanceCancelsAndQueuesTheDelete()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);

        var result = await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal((order.GrossTotal, false), (result.Value.Amount, result.Value.Replayed));
        Assert.Equal(order.GrossTotal, await _data.BalanceAsync(customer));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        var refund = await db.LedgerTransactions().Include(t => t.Entries).SingleAsync(t => t.Kind == RefundUnprovisionedOrder.TransactionKind);
        Assert.Equal(RefundUnprovisionedOrder.TransactionKey(order.SubscriptionId), refund.IdempotencyKey);
        Assert.Equal((order.InvoiceId, _data.AdminId), (refund.InvoiceId!.Value, refund.ActorUserId!.Value));
        Assert.Equal(
            [-order.GrossTotal.Minor, order.GrossTotal.Minor],
            refund.Entries.OrderBy(e => e.Amount.Minor).Select(e => e.Amount.Minor).ToArray());
        Assert.Equal(SubscriptionStatus.Cancelled, (await db.Subscriptions().SingleAsync(s => s.Id == order.SubscriptionId)).Status);
        // The invoice stays paid (frozen); a credit note for all of it gives the money back, and the ledger carries it.
        var invoice = await db.Invoices().SingleAsync(i => i.Id == order.InvoiceId);
        Assert.Equal((InvoiceStatus.Paid, order.GrossTotal), (invoice.Status, invoice.CreditedTotal));
        var note = await GameHost.Domain.Billing.Invoicing.InvoicingSets.CreditNotes(db).Include(n => n.Lines).SingleAsync();
        Assert.Equal(("CN-000001", order.InvoiceId, order.GrossTotal), (note.DisplayNumber, note.InvoiceId, note.GrossTotal));
        Assert.Equal(("No node has room; customer agreed", RefundUnprovisionedOrder.TransactionKey(order.SubscriptionId)), (note.Reason, note.LedgerKey));
        Assert.Equal(GameServerState.Deleting, (await _data.Provisioning.ServerAsync(order.SubscriptionId)).State);
        var tasks = await _data.Provisioning.TasksAsync(order.SubscriptionId);
        Assert.Equal(ProvisioningTaskState.Cancelled, tasks.Single(t => t.Kind == ProvisioningTaskKind.CreateServer).State);
        Assert.Equal(ProvisioningTaskState.Pending, tasks.Single(t => t.Kind == ProvisioningTaskKind.Delete).State);
        Assert.DoesNotContain(tasks, t => t.State == ProvisioningTaskState.Failed);
        var audit = Assert.Single(await db.AuditEntries.Where(a => a.Action == RefundUnprovisionedOrder.AuditAction).ToListAsync());
        Assert.Equal((_data.AdminId, "olivia@gamehost.test", "corr-1"), (audit.ActorUserId!.Value, audit.ActorName, audit.CorrelationId));
        Assert.Contains("No node has room; customer agreed", audit.AfterJson, StringComparison.Ordinal);
        Assert.Contains(order.GrossTotal.ToString(), audit.AfterJson, StringComparison.Ordinal);
        var email = Assert.Single(await db.OutboundEmails.Where(e => e.Category == NotificationCatalogue.Codes.RefundIssued).ToListAsync());
        Assert.Equal(("thandi@players.test", customer), (email.ToAddress, email.UserId!.Value));
        Assert.Contains("We could not set up Lobby One", email.TextBody, StringComparison.Ordinal);
        var notification = await db.Notifications().SingleAsync(n => n.EventCode == NotificationCatalogue.Codes.RefundIssued);
        Assert.Equal((customer, true, $"https://billing.example.test/cabinet/services/{order.SubscriptionId:D}"), (notification.UserId, notification.ShowInApp, notification.Link));
        Assert.Contains(order.GrossTotal.Format(System.Globalization.CultureInfo.GetCultureInfo("en")), email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://billing.example.test/cabinet/services/{order.SubscriptionId:D}", email.TextBody, StringComparison.Ordinal);
        await AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_ThenTheProcessorRuns_NothingIsCreatedAndTheServerEndsDeleted()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);
        await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None);
        var creates = _data.Provisioning.Panel.Count("CreateServer");

        await _data.Provisioning.RunAfterAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(creates, _data.Provisioning.Panel.Count("CreateServer"));
        Assert.Equal(GameServerState.Deleted, (await _data.Provisioning.ServerAsync(order.SubscriptionId)).State);
        Assert.Empty(_data.Provisioning.Panel.Servers);
    }

    [Fact]
    public async Task ExecuteAsync_Twice_WritesOneTransactionOneAuditEntryOneEmail()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);

        var first = await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None);
        var again = await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None);

        Assert.True(again.IsSuccess, again.Error?.Code);
        Assert.Equal((false, true), (first.Value!.Replayed, again.Value.Replayed));
        Assert.Equal(first.Value.Amount, again.Value.Amount);
        Assert.Equal(order.GrossTotal, await _data.BalanceAsync(customer));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.Kind == RefundUnprovisionedOrder.TransactionKind));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == RefundUnprovisionedOrder.AuditAction));
        Assert.Equal(1, await db.OutboundEmails.CountAsync(e => e.Category == NotificationCatalogue.Codes.RefundIssued));
        Assert.Single(await _data.Provisioning.TasksAsync(order.SubscriptionId), t => t.Kind == ProvisioningTaskKind.Delete);
        await AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_DoubleClickRacing_RefundsOnce()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Single(results, r => !r.Value!.Replayed);
        Assert.Equal(order.GrossTotal, await _data.BalanceAsync(customer));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.Kind == RefundUnprovisionedOrder.TransactionKind));
        Assert.Equal(1, await db.OutboundEmails.CountAsync(e => e.Category == NotificationCatalogue.Codes.RefundIssued));
        await AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_RacingPaymentsToTheSameBalance_EveryAmountArrives()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);
        var topUp = Money.FromMinor(1000, "ZAR");

        var refund = Task.Run(() => _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None));
        var payments = Enumerable.Range(1, 4).Select(i => Task.Run(() => _data.RecordPayment().ExecuteAsync(new GameHost.Domain.Payments.RecordPaymentCommand(
            GameHost.Domain.Payments.GatewayCodes.BankTransfer, $"TOPUP-{i}", customer, null, topUp, _data.Provisioning.NowUtc), CancellationToken.None))).ToList();
        await Task.WhenAll(payments);

        Assert.True((await refund).IsSuccess, (await refund).Error?.Code);
        Assert.All(payments, p => Assert.True(p.Result.IsSuccess, p.Result.Error?.Code));
        Assert.Equal(order.GrossTotal + Money.FromMinor(4000, "ZAR"), await _data.BalanceAsync(customer));
        await AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_UnpaidOrder_IsRefusedAndChangesNothing()
    {
        var customer = _data.AddCustomer();
        var order = await _data.OrderAsync(customer);

        var result = await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None);

        Assert.Equal(BillingErrors.RefundNotPaid.Code, result.Error?.Code);
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(SubscriptionStatus.PendingPayment, (await db.Subscriptions().SingleAsync(s => s.Id == order.SubscriptionId)).Status);
        Assert.Equal(0, await db.LedgerTransactions().CountAsync(t => t.Kind == RefundUnprovisionedOrder.TransactionKind));
    }

    [Fact]
    public async Task ExecuteAsync_DeliveredServer_IsRefused()
    {
        var customer = _data.AddCustomer();
        var order = await _data.PaidOrderAsync(customer);
        await _data.Provisioning.ProvisionAsync(order.SubscriptionId);

        var result = await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None);

        Assert.Equal(BillingErrors.RefundAlreadyDelivered.Code, result.Error?.Code);
        Assert.Equal(Money.Zero(Currency.ZAR), await _data.BalanceAsync(customer));
        Assert.Equal(GameServerState.Active, (await _data.Provisioning.ServerAsync(order.SubscriptionId)).State);
    }

    [Fact]
    public async Task ExecuteAsync_SupportAgent_IsRefused()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);

        var result = await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.SupportId, order.SubscriptionId), CancellationToken.None);
        var preview = await _data.Refund().PreviewAsync(_data.SupportId, order.SubscriptionId, CancellationToken.None);

        Assert.Equal(BillingErrors.RefundActorNotAdmin.Code, result.Error?.Code);
        Assert.Equal(BillingErrors.RefundActorNotAdmin.Code, preview.Error?.Code);
        Assert.Equal(Money.Zero(Currency.ZAR), await _data.BalanceAsync(customer));
        Assert.Equal(GameServerState.Failed, (await _data.Provisioning.ServerAsync(order.SubscriptionId)).State);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownSubscriptionOrNoReason_IsRefused()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);

        var unknown = await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, Guid.NewGuid()), CancellationToken.None);
        var noReason = await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId, "  "), CancellationToken.None);

        Assert.Equal(BillingErrors.RefundOrderNotFound.Code, unknown.Error?.Code);
        Assert.Equal(BillingErrors.RefundReasonRequired.Code, noReason.Error?.Code);
    }

    [Fact]
    public async Task PreviewAsync_FailedOrder_NamesTheCustomerAndTheAmount()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);

        var preview = await _data.Refund().PreviewAsync(_data.AdminId, order.SubscriptionId, CancellationToken.None);

        Assert.True(preview.IsSuccess, preview.Error?.Code);
        Assert.Equal(("Lobby One", "Thandi Nkosi", "thandi@players.test", order.GrossTotal, order.InvoiceNumber),
            (preview.Value.ServerName, preview.Value.CustomerName, preview.Value.CustomerEmail, preview.Value.Amount, preview.Value.InvoiceNumber));
    }

    [Fact]
    public async Task CustomerServicesQuery_RefundedOrder_IsListedAsRefundedWithAmountAndDate()
    {
        var customer = _data.AddCustomer();
        var order = await _data.FailedOrderAsync(customer);
        await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None);
        var query = new CustomerServicesQuery(_data.Contexts, _data.Time, Microsoft.Extensions.Options.Options.Create(_data.Provisioning.Options));

        var list = await query.ListAsync(customer, CancellationToken.None);
        var details = await query.GetAsync(customer, order.SubscriptionId, CancellationToken.None);

        var service = Assert.Single(list);
        Assert.Equal((ServiceStatus.Refunded, false), (service.Status, service.Delayed));
        Assert.Equal(new ServiceRefund(order.GrossTotal, _data.Provisioning.NowUtc), service.Refund);
        Assert.Equal(ServiceStatus.Refunded, details.Value!.Service.Status);
    }

    [Fact]
    public async Task Email_SpanishCustomer_IsInSpanishWithEncodedHtml()
    {
        var customer = _data.AddCustomer("ana@players.test", "Ana & <Pérez>", "es");
        var order = await _data.FailedOrderAsync(customer, "Mundo Uno");

        await _data.Refund().ExecuteAsync(RefundTestData.Command(_data.AdminId, order.SubscriptionId), CancellationToken.None);

        await using var db = await _data.Contexts.CreateDbContextAsync();
        var email = await db.OutboundEmails.SingleAsync(e => e.Category == NotificationCatalogue.Codes.RefundIssued);
        Assert.Contains("reembolsados por Mundo Uno", email.Subject, StringComparison.Ordinal);
        Assert.Contains("Hola Ana & <Pérez>:", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hola Ana &amp; &lt;P", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<Pérez>", email.HtmlBody, StringComparison.Ordinal);
    }
}
