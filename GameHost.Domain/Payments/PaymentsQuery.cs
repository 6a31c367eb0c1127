using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Payments;

public sealed record PaymentListItem(
    Guid Id, string Gateway, string TransactionId, Guid CustomerId, string CustomerName, string CustomerEmail, string? InvoiceNumber,
    Money Amount, PaymentFlag Flag, DateTime ReceivedAtUtc, DateTime RecordedAtUtc, string? Note);

/// <summary>Who a bank transfer is from, as staff identify it: by the invoice number on the transfer, or the customer's e-mail.</summary>
public sealed record TransferTarget(Guid CustomerId, string CustomerName, string CustomerEmail, Currency Currency, Guid? InvoiceId, string? InvoiceNumber,
    Money? InvoiceTotal, InvoiceStatus? InvoiceStatus);

/// <summary>Reads for the staff payments page.</summary>
public sealed class PaymentsQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<PagedList<PaymentListItem>> RecentAsync(int page, int pageSize, bool flaggedOnly, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var payments = db.Payments().AsNoTracking();
        if (flaggedOnly)
        {
            payments = payments.Where(p => p.Flag != PaymentFlag.None);
        }

        var total = await payments.CountAsync(cancellationToken);
        var rows = await (from payment in payments
                          join user in db.Users on payment.CustomerId equals user.Id
                          join invoice in db.Invoices() on payment.InvoiceId equals invoice.Id into invoices
                          from invoice in invoices.DefaultIfEmpty()
                          orderby payment.RecordedAtUtc descending
                          select new { payment, user.FullName, user.Email, Series = invoice == null ? null : invoice.Series, Number = invoice == null ? (long?)null : invoice.Number })
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PagedList<PaymentListItem>(
            rows.Select(r => new PaymentListItem(r.payment.Id, r.payment.Gateway, r.payment.GatewayTransactionId, r.payment.CustomerId, r.FullName, r.Email ?? "",
                InvoiceNumbering.Format(r.Series, r.Number), r.payment.Amount, r.payment.Flag, r.payment.ReceivedAtUtc, r.payment.RecordedAtUtc, r.payment.Note)).ToList(),
            total, page, pageSize);
    }

    /// <summary>Finds what a transfer pays: an invoice number such as <c>INV-000042</c> (any letter case), or a customer's e-mail.</summary>
    public async Task<TransferTarget?> FindTargetAsync(string invoiceNumberOrEmail, CancellationToken cancellationToken)
    {
        var text = invoiceNumberOrEmail?.Trim() ?? "";
        if (text.Length == 0)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (TryParseInvoiceNumber(text, out var series, out var number))
        {
            var found = await (from invoice in db.Invoices().AsNoTracking()
                               join user in db.Users on invoice.CustomerId equals user.Id
                               where invoice.Series == series && invoice.Number == number
                               select new { invoice, user.FullName, user.Email }).FirstOrDefaultAsync(cancellationToken);
            return found is null ? null : new TransferTarget(found.invoice.CustomerId, found.FullName, found.Email ?? "", found.invoice.Currency,
                found.invoice.Id, found.invoice.DisplayNumber, found.invoice.GrossTotal, found.invoice.Status);
        }

        var normalized = text.ToUpperInvariant();
        var customer = await (from user in db.Users.AsNoTracking()
                              join profile in db.CustomerProfiles on user.Id equals profile.UserId
                              where user.NormalizedEmail == normalized
                              select new { user.Id, user.FullName, user.Email, profile.BillingCurrency }).FirstOrDefaultAsync(cancellationToken);
        return customer is null || !Currency.TryFromCode(customer.BillingCurrency, out var currency)
            ? null
            : new TransferTarget(customer.Id, customer.FullName, customer.Email ?? "", currency, null, null, null, null);
    }

    internal static bool TryParseInvoiceNumber(string text, out string series, out long number)
    {
        series = "";
        number = 0;
        var dash = text.LastIndexOf('-');
        if (dash <= 0 || text.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        series = text[..dash].ToUpperInvariant();
        return long.TryParse(text[(dash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) && number > 0;
    }
}
