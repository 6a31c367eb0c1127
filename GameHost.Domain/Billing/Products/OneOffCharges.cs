using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Products;

/// <summary>A charge another feature asks for (paid support): who, the caller's key, what the invoice line says, the net price.</summary>
public sealed record OneOffCharge(Guid CustomerId, string Key, LocalizedText Description, Money Price);

public sealed record OneOffChargeResult(Guid InvoiceId, string? InvoiceNumber, Money GrossTotal, bool Paid, bool Replayed);

/// <summary>
/// One-off charges for features outside Billing (they never see invoices or the ledger): a one-line invoice keyed by
/// the caller (<c>charge:{key}</c>, unique), with the tax policy's tax, paid from the balance at once when the balance
/// covers it — the ledger movement is the ordinary <c>invoice-paid:{invoice}</c> settlement. The same key again
/// answers with the same invoice and never charges twice; a balance too small leaves the invoice open to be paid.
/// </summary>
public sealed class OneOffCharges(IDbContextFactory<GameHostDbContext> contexts, ITaxPolicy taxPolicy, InvoiceSettlement settlement, TimeProvider time)
{
    public const string InvoiceKeyPrefix = "charge:";

    public static readonly Error CurrencyMismatch = new("billing.charge_currency", "The charge is not in the customer's billing currency.");

    public async Task<Result<OneOffChargeResult>> ChargeAsync(OneOffCharge charge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(charge);
        var key = InvoiceKeyPrefix + (charge.Key ?? "").Trim();
        if (key.Length == InvoiceKeyPrefix.Length || key.Length > Invoice.MaxIdempotencyKeyLength)
        {
            return BillingErrors.InvalidRequestId;
        }

        if (charge.Price.Minor <= 0)
        {
            return Error.Validation("Price", "billing.charge_amount", "A charge is above zero.");
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var existing = await db.Invoices().AsNoTracking().FirstOrDefaultAsync(i => i.IdempotencyKey == key, cancellationToken);
            if (existing is not null)
            {
                if (existing.CustomerId != charge.CustomerId)
                {
                    return BillingErrors.RequestIdReused;
                }

                var paidBefore = existing.Status == InvoiceStatus.Paid
                    || (existing.Status == InvoiceStatus.Open && await PurchaseInvoice.PayFromBalanceAsync(contexts, settlement, charge.CustomerId, existing.Id, cancellationToken));
                return new OneOffChargeResult(existing.Id, existing.DisplayNumber, existing.GrossTotal, paidBefore, Replayed: true);
            }

            var buyer = await OrderBuyer.LoadAsync(db, charge.CustomerId, cancellationToken);
            if (buyer is null)
            {
                return BillingErrors.NoBillingProfile;
            }

            if (buyer.Currency != charge.Price.Currency)
            {
                return CurrencyMismatch;
            }

            var bill = await PurchaseInvoice.IssueAsync(db, taxPolicy, buyer, charge.CustomerId, key, InvoiceLineKind.Product, "charge", charge.Description,
                charge.Price, time.GetUtcNow().UtcDateTime, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                continue; // The same key or the invoice number raced: the next attempt sees which.
            }

            var paid = await PurchaseInvoice.PayFromBalanceAsync(contexts, settlement, charge.CustomerId, bill.Id, cancellationToken);
            return new OneOffChargeResult(bill.Id, bill.DisplayNumber, bill.GrossTotal, paid, Replayed: false);
        }

        return ProductsErrors.Busy;
    }

    /// <summary>Where the charge with this key stands (paid or waiting), or null when none was made.</summary>
    public async Task<OneOffChargeResult?> FindAsync(Guid customerId, string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var fullKey = InvoiceKeyPrefix + (key ?? "").Trim();
        var invoice = await db.Invoices().AsNoTracking().FirstOrDefaultAsync(i => i.IdempotencyKey == fullKey && i.CustomerId == customerId, cancellationToken);
        return invoice is null ? null : new OneOffChargeResult(invoice.Id, invoice.DisplayNumber, invoice.GrossTotal, invoice.Status == InvoiceStatus.Paid, Replayed: true);
    }
}
