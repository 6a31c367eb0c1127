using System.Globalization;
using System.Text;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Balance;

/// <param name="FromUtc">Inclusive.</param>
/// <param name="ToUtc">Exclusive.</param>
/// <param name="SubscriptionId">Only movements caused by this service (its invoices and usage).</param>
public sealed record LedgerHistoryFilter(DateTime? FromUtc = null, DateTime? ToUtc = null, Guid? SubscriptionId = null);

/// <summary>One movement of a customer's balance, with the reason and the balance right after it.</summary>
public sealed record LedgerMovement(
    Guid TransactionId, DateTime AtUtc, string Kind, string Description, Money Amount, Money BalanceAfter,
    string? InvoiceNumber, Guid? SubscriptionId, string? ServiceName);

/// <summary>A service the history can be filtered by.</summary>
public sealed record LedgerServiceOption(Guid SubscriptionId, string ServerName);

/// <summary>
/// Every movement of a customer's balance (newest first), with its reason, the invoice and service it belongs to and
/// the running balance; filtered by date range and service. The running balance is that of the whole account, so a
/// filtered row still shows what the balance was after it.
/// </summary>
public sealed class LedgerHistoryQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<PagedList<LedgerMovement>> PageAsync(Guid customerId, LedgerHistoryFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        (page, pageSize) = PagedList<LedgerMovement>.Clamp(page, pageSize);
        var all = await AllAsync(customerId, filter, cancellationToken);
        return new PagedList<LedgerMovement>(all.Skip(page * pageSize).Take(pageSize).ToList(), all.Count, page, pageSize);
    }

    /// <summary>Every matching movement, newest first (the CSV export).</summary>
    public async Task<IReadOnlyList<LedgerMovement>> AllAsync(Guid customerId, LedgerHistoryFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var accountIds = await db.LedgerAccounts().AsNoTracking()
            .Where(a => a.CustomerId == customerId && a.Kind == LedgerAccountKind.CustomerBalance)
            .Select(a => a.Id).ToListAsync(cancellationToken);
        var rows = await (
                from entry in db.LedgerEntries().AsNoTracking()
                join transaction in db.LedgerTransactions().AsNoTracking() on entry.TransactionId equals transaction.Id
                where accountIds.Contains(entry.AccountId)
                select new { entry.Id, entry.Amount, transaction.CreatedAtUtc, transaction.Kind, transaction.Description, transaction.InvoiceId, TransactionId = transaction.Id })
            .ToListAsync(cancellationToken);
        rows = rows.OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Id).ToList();

        var invoiceIds = rows.Where(r => r.InvoiceId != null).Select(r => r.InvoiceId!.Value).Distinct().ToList();
        var invoices = await db.Invoices().AsNoTracking().Where(i => invoiceIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Series, i.Number, i.SubscriptionId }).ToDictionaryAsync(i => i.Id, cancellationToken);
        var transactionIds = rows.Select(r => r.TransactionId).ToList();
        var usage = await db.UsageCharges().AsNoTracking().Where(c => c.LedgerTransactionId != null && transactionIds.Contains(c.LedgerTransactionId.Value))
            .Select(c => new { TransactionId = c.LedgerTransactionId!.Value, c.SubscriptionId }).ToDictionaryAsync(c => c.TransactionId, c => c.SubscriptionId, cancellationToken);
        var services = await ServicesAsync(db, customerId, cancellationToken);
        var names = services.ToDictionary(s => s.SubscriptionId, s => s.ServerName);

        var movements = new List<LedgerMovement>(rows.Count);
        var running = new Dictionary<Currency, long>();
        foreach (var row in rows)
        {
            var balance = running.GetValueOrDefault(row.Amount.Currency) + row.Amount.Minor;
            running[row.Amount.Currency] = balance;
            var invoice = row.InvoiceId is { } id && invoices.TryGetValue(id, out var found) ? found : null;
            var subscriptionId = invoice?.SubscriptionId ?? (usage.TryGetValue(row.TransactionId, out var s) ? s : null);
            movements.Add(new LedgerMovement(row.TransactionId, row.CreatedAtUtc, row.Kind, row.Description, row.Amount, new Money(balance, row.Amount.Currency),
                invoice is null ? null : InvoiceNumbering.Format(invoice.Series, invoice.Number), subscriptionId,
                subscriptionId is { } sid && names.TryGetValue(sid, out var name) ? name : null));
        }

        return movements
            .Where(m => filter.FromUtc is null || m.AtUtc >= filter.FromUtc)
            .Where(m => filter.ToUtc is null || m.AtUtc < filter.ToUtc)
            .Where(m => filter.SubscriptionId is null || m.SubscriptionId == filter.SubscriptionId)
            .Reverse()
            .ToList();
    }

    public async Task<IReadOnlyList<LedgerServiceOption>> ServicesAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ServicesAsync(db, customerId, cancellationToken);
    }

    private static async Task<List<LedgerServiceOption>> ServicesAsync(GameHostDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        await db.Subscriptions().AsNoTracking().Where(s => s.CustomerId == customerId).OrderBy(s => s.ServerName)
            .Select(s => new LedgerServiceOption(s.Id, s.ServerName)).ToListAsync(cancellationToken);
}

/// <summary>
/// The expense history as CSV (RFC 4180): a header, then one row per movement; ISO 8601 UTC instants, amounts with a
/// dot and the currency's decimals, whatever the reader's culture; fields with commas, quotes or line breaks quoted.
/// </summary>
public static class LedgerCsv
{
    public const string Header = "date_utc,kind,description,service,invoice,amount,currency,balance_after";

    public static async Task WriteAsync(TextWriter writer, IEnumerable<LedgerMovement> movements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(movements);
        await writer.WriteAsync(Header + "\r\n");
        foreach (var movement in movements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync(Row(movement) + "\r\n");
        }
    }

    public static string Row(LedgerMovement movement)
    {
        ArgumentNullException.ThrowIfNull(movement);
        return string.Join(',',
            movement.AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Escape(movement.Kind),
            Escape(movement.Description),
            Escape(movement.ServiceName ?? ""),
            Escape(movement.InvoiceNumber ?? ""),
            Number(movement.Amount),
            movement.Amount.Currency.Code,
            Number(movement.BalanceAfter));
    }

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // A leading =, +, - or @ would run as a formula in a spreadsheet: prefix it with an apostrophe.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Number(Money money) =>
        money.ToMajor().ToString("F" + money.Currency.MinorDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
