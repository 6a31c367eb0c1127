using System.Data.Common;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Products;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Tests.Domain.Billing.Changes;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Tests.Domain.Billing;

/// <summary>
/// Paying an invoice from the balance when a racing request (a second click, a second tab) pays it first: the loser
/// must answer "paid", never "your balance does not cover it", and the balance is charged once.
/// </summary>
public sealed class PayFromBalanceRaceTests : IDisposable
{
    private readonly ChangesTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task PayFromBalanceAsync_PaidByARacingRequestAfterTheStatusRead_AnswersPaidAndChargesOnce()
    {
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 50_000, "FNB-1");
        var invoiceId = await OpenInvoiceAsync(customer, 20_000);
        var racer = new PayWhenStatusWasRead(_data, customer, invoiceId);

        var paid = await PurchaseInvoice.PayFromBalanceAsync(new InterceptedFileContexts(_data.Database, racer), _data.Settlement(), customer, invoiceId,
            CancellationToken.None);

        Assert.True(racer.Paid, "The racing payment did not run between the status read and the settlement.");
        Assert.True(paid);
        Assert.Equal(InvoiceStatus.Paid, (await _data.InvoiceAsync(invoiceId)).Status);
        Assert.Equal(30_000, (await _data.BalanceAsync(customer)).Minor);
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task PayInvoiceFromBalance_PaidByARacingClickAfterTheInvoiceRead_AnswersSuccessAndChargesOnce()
    {
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 50_000, "FNB-3");
        var invoiceId = await OpenInvoiceAsync(customer, 20_000);
        var racer = new PayWhenStatusWasRead(_data, customer, invoiceId);

        var result = await new PayInvoiceFromBalance(new InterceptedFileContexts(_data.Database, racer), _data.Settlement())
            .ExecuteAsync(customer, invoiceId, CancellationToken.None);

        Assert.True(racer.Paid, "The racing payment did not run between the invoice read and the settlement.");
        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal(30_000, (await _data.BalanceAsync(customer)).Minor);
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task PayFromBalanceAsync_BalanceShort_AnswersNotPaidAndLeavesTheInvoiceOpen()
    {
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 10_000, "FNB-2");
        var invoiceId = await OpenInvoiceAsync(customer, 20_000);

        var paid = await PurchaseInvoice.PayFromBalanceAsync(_data.Database, _data.Settlement(), customer, invoiceId, CancellationToken.None);

        Assert.False(paid);
        Assert.Equal(InvoiceStatus.Open, (await _data.InvoiceAsync(invoiceId)).Status);
        Assert.Equal(10_000, (await _data.BalanceAsync(customer)).Minor);
    }

    private async Task<Guid> OpenInvoiceAsync(Guid customer, long minor)
    {
        await using var db = _data.Database.CreateDbContext();
        var buyer = await OrderBuyer.LoadAsync(db, customer, CancellationToken.None);
        var bill = await PurchaseInvoice.IssueAsync(db, _data.Tax, buyer!, customer, $"charge:{Guid.NewGuid():N}", InvoiceLineKind.Product, "charge",
            new LocalizedText("Migration", "Migración"), new Money(minor, buyer!.Currency), _data.NowUtc, CancellationToken.None);
        await db.SaveChangesAsync();
        return bill.Id;
    }

    /// <summary>Once the invoice's status has been read (and the reader closed), pays it on another connection.</summary>
    private sealed class PayWhenStatusWasRead(ChangesTestData data, Guid customer, Guid invoiceId) : DbCommandInterceptor
    {
        public bool Paid { get; private set; }

        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            if (!Paid && command.CommandText.Contains("\"Status\"", StringComparison.Ordinal) && command.CommandText.Contains("FROM \"Invoices\"", StringComparison.Ordinal))
            {
                Paid = true;
                using var db = data.Database.CreateDbContext();
                var settled = data.Settlement().ApplyBalanceAsync(db, customer, invoiceId, CancellationToken.None).GetAwaiter().GetResult();
                Assert.Contains(settled, i => i.Id == invoiceId);
                db.SaveChanges();
            }

            return result;
        }
    }
}
