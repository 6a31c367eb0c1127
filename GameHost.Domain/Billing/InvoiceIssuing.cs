using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing;

/// <summary>Issues invoices with the next number of their series, in the caller's unit of work.</summary>
public static class InvoiceIssuing
{
    /// <summary>
    /// Takes the series' next number for <paramref name="invoice"/> and opens it. Nothing is saved here: the caller
    /// saves the invoice and the series row together, and a concurrency conflict on the series row means another
    /// invoice took the number first (reload and try again). A new series starts at 1.
    /// </summary>
    public static async Task IssueAsync(
        GameHostDbContext db, Invoice invoice, string series, DateTime nowUtc, DateTime dueAtUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(invoice);
        var row = await db.InvoiceNumberSeries().FirstOrDefaultAsync(s => s.Series == series, cancellationToken);
        if (row is null)
        {
            // Two first invoices of a new series both insert it: the primary key lets one win, the other retries.
            row = new InvoiceNumberSeries { Series = series, NextNumber = 1 };
            db.InvoiceNumberSeries().Add(row);
        }

        invoice.Issue(series, row.Take(), nowUtc, dueAtUtc);
    }
}
