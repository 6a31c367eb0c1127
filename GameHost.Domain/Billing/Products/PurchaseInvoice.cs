using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Products;

/// <summary>
/// The two halves every one-off purchase shares (a product, a resource pool, a pool's resize): a one-line invoice issued
/// in the caller's save with the tax policy's tax on the price, and, once that save is committed, paying it from the
/// balance when the balance covers it.
/// </summary>
internal static class PurchaseInvoice
{
    /// <summary>Drafts, taxes, numbers and adds a one-line invoice to <paramref name="db"/> (the caller saves it).</summary>
    public static async Task<Invoice> IssueAsync(
        GameHostDbContext db,
        ITaxPolicy taxPolicy,
        OrderBuyer buyer,
        Guid customerId,
        string idempotencyKey,
        InvoiceLineKind kind,
        string code,
        LocalizedText description,
        Money price,
        DateTime nowUtc,
        CancellationToken cancellationToken)
    {
        var bill = Invoice.Draft(customerId, null, idempotencyKey, buyer.Currency, buyer.Snapshot, nowUtc);
        var tax = await taxPolicy.TaxForAsync(buyer.Snapshot, price, cancellationToken);
        bill.AddLine(kind, code, description, 1, tax.Net, tax.Net, tax.Tax, tax.RateBasisPoints, tax.Treatment);
        await InvoiceIssuing.IssueAsync(db, bill, InvoiceNumbering.DefaultSeries, nowUtc, nowUtc + UseCases.PlaceOrder.PaymentWindow, cancellationToken);
        db.Invoices().Add(bill);
        return bill;
    }

    /// <summary>
    /// Pays the invoice from the balance when it covers it (this invoice first, then any other open one the rest
    /// covers, as the settlement does). True when the invoice is paid, now or before.
    /// </summary>
    public static async Task<bool> PayFromBalanceAsync(
        IDbContextFactory<GameHostDbContext> contexts, InvoiceSettlement settlement, Guid customerId, Guid invoiceId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var status = await db.Invoices().AsNoTracking().Where(i => i.Id == invoiceId).Select(i => i.Status).SingleAsync(cancellationToken);
            if (status != InvoiceStatus.Open)
            {
                return status == InvoiceStatus.Paid;
            }

            var paid = await settlement.ApplyBalanceAsync(db, customerId, invoiceId, cancellationToken);
            if (paid.All(i => i.Id != invoiceId))
            {
                // The balance does not cover it (the invoice waits for money), unless a racing request paid it
                // between the status read and the settlement.
                return await InvoiceSettlement.IsPaidAsync(db, invoiceId, cancellationToken);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException)
            {
                // The balance moved or a racing request paid it: look again.
            }
        }

        return false;
    }
}
