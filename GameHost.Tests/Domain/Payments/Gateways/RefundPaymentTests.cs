using GameHost.Domain.Billing.Invoicing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Payments.Gateways;

/// <summary>Refunds: a credit note always; back to the original method when the gateway can, else to the balance.</summary>
public sealed class RefundPaymentTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<(Guid Customer, Guid Invoice, Money Total, Guid Payment)> PaidAsync()
    {
        var account = await _host.AddAccountAsync();
        var (customer, invoice, total) = await _host.OpenInvoiceAsync();
        var started = await _host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "pay"), CancellationToken.None);
        var back = await _host.Get<ConfirmReturn>().ExecuteAsync(customer, started.Value!.AttemptId, CancellationToken.None);
        return (customer, invoice, total, back.Value!.PaymentId!.Value);
    }

    private async Task<Money> BalanceAsync(Guid customer) => await new CustomerBalanceQuery(_host.Data.Database).ExecuteAsync(customer, Currency.ZAR, CancellationToken.None);

    [Fact]
    public async Task ExecuteAsync_FullRefundGatewayCan_CreditNoteAndMoneyBackToTheMethodOnce()
    {
        var (customer, invoice, total, payment) = await PaidAsync();
        var command = new RefundPaymentCommand(_host.AdminId, payment, total.Minor, "Customer changed their mind", "refund-form-1");

        var result = await _host.Get<RefundPayment>().ExecuteAsync(command, CancellationToken.None);
        var again = await _host.Get<RefundPayment>().ExecuteAsync(command, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.True(result.Value.ToOriginalMethod);
        Assert.True(again.Value!.Replayed);
        Assert.Single(_host.Gateway.Calls, c => c.StartsWith("refund:", StringComparison.Ordinal) && c.EndsWith($":{total.Minor}", StringComparison.Ordinal));
        Assert.Equal(Money.Zero(Currency.ZAR), await BalanceAsync(customer));
        await using var db = _host.Data.Database.CreateDbContext();
        var note = await db.CreditNotes().SingleAsync();
        Assert.Equal((invoice, total), (note.InvoiceId, note.GrossTotal));
        var refund = await db.PaymentRefunds().SingleAsync();
        Assert.StartsWith("re_", refund.GatewayRefundId, StringComparison.Ordinal);
        Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.Kind == RefundPayment.TransactionKind));
        var books = await new LedgerReconciliation(_host.Data.Database, _host.Data.Time, GameHost.Tests.TestSupport.TestNotifier.Create(_host.Data.Time)).RunAsync(CancellationToken.None);
        Assert.True(books.IsClean, books.ToSummary());
    }

    [Fact]
    public async Task ExecuteAsync_PartialRefundGatewayOnlyRefundsInFull_StaysOnTheBalance()
    {
        _host.Gateway.Capabilities = GatewayCapabilities.HostedCheckout | GatewayCapabilities.Refund;
        var (customer, _, total, payment) = await PaidAsync();

        var result = await _host.Get<RefundPayment>().ExecuteAsync(new RefundPaymentCommand(_host.AdminId, payment, 1000, "Half a day of downtime", "refund-form-2"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.False(result.Value.ToOriginalMethod);
        Assert.DoesNotContain(_host.Gateway.Calls, c => c.StartsWith("refund:", StringComparison.Ordinal));
        Assert.Equal(new Money(1000, Currency.ZAR), await BalanceAsync(customer));
        await using var db = _host.Data.Database.CreateDbContext();
        Assert.Equal(new Money(1000, Currency.ZAR), (await db.CreditNotes().SingleAsync()).GrossTotal);
        Assert.True(total.Minor > 1000);
    }

    [Fact]
    public async Task ExecuteAsync_MoreThanWasPaid_Refused()
    {
        var (_, _, total, payment) = await PaidAsync();

        var result = await _host.Get<RefundPayment>().ExecuteAsync(new RefundPaymentCommand(_host.AdminId, payment, total.Minor + 1, "Too much", "refund-form-3"), CancellationToken.None);

        Assert.Equal(RefundPayment.AmountInvalid.Code, result.Error?.Code);
    }
}
