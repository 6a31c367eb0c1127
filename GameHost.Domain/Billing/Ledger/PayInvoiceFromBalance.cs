using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Ledger;

/// <summary>
/// The customer pays one of their open invoices from their balance. Repeating it (a double click) finds the invoice
/// paid and answers with success; a balance too small leaves everything as it was.
/// </summary>
public sealed class PayInvoiceFromBalance(IDbContextFactory<GameHostDbContext> contexts, InvoiceSettlement settlement)
{
    public async Task<Result> ExecuteAsync(Guid customerId, Guid invoiceId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var invoice = await db.Invoices().AsNoTracking().FirstOrDefaultAsync(i => i.Id == invoiceId && i.CustomerId == customerId, cancellationToken);
            if (invoice is null || invoice.Status == InvoiceStatus.Draft)
            {
                return BillingErrors.InvoiceNotFound;
            }

            if (invoice.Status == InvoiceStatus.Paid)
            {
                return Result.Success();
            }

            if (invoice.Status != InvoiceStatus.Open)
            {
                return BillingErrors.InvoiceNotPayable;
            }

            var paid = await settlement.ApplyBalanceAsync(db, customerId, invoiceId, cancellationToken);
            if (paid.All(i => i.Id != invoiceId))
            {
                // Too little balance, unless a racing click paid the invoice after the read above.
                return await InvoiceSettlement.IsPaidAsync(db, invoiceId, cancellationToken) ? Result.Success() : BillingErrors.InsufficientBalance;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return Result.Success();
            }
            catch (DbUpdateConcurrencyException)
            {
                // The balance moved meanwhile (a payment arrived, another invoice was paid): look again.
            }
            catch (DbUpdateException)
            {
                // The same invoice was settled by a racing request: the next look finds it paid.
            }
        }

        return BillingErrors.BalanceBusy;
    }
}

/// <summary>What a customer holds with us, per currency (normally one: their account currency).</summary>
public sealed class CustomerBalanceQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<Money> ExecuteAsync(Guid customerId, Currency currency, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var code = LedgerAccount.CustomerCode(customerId, currency);
        var balance = await db.LedgerAccounts().AsNoTracking().Where(a => a.Code == code).Select(a => (Money?)a.Balance).FirstOrDefaultAsync(cancellationToken);
        return balance ?? Money.Zero(currency);
    }
}
