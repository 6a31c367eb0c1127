using System.Globalization;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Ledger;

public sealed record BalanceDrift(string AccountCode, long CachedMinor, long DerivedMinor, string Currency);

public sealed record LedgerCheckResult(int AccountsChecked, IReadOnlyList<BalanceDrift> Drifts, int UnbalancedTransactions)
{
    public bool IsClean => Drifts.Count == 0 && UnbalancedTransactions == 0;

    public string ToSummary() => IsClean
        ? $"{AccountsChecked} balances checked, all match their entries"
        : $"{AccountsChecked} balances checked: {Drifts.Count} drifted, {UnbalancedTransactions} unbalanced transactions — administrators alerted";
}

/// <summary>
/// The nightly proof that the books hold: every cached balance equals the sum of its entries, and every transaction
/// sums to zero per currency. It changes nothing (corrections are reversing transactions staff decide on); on any
/// difference it raises <see cref="NotificationCatalogue.Codes.LedgerDrift"/> to every administrator once per day with
/// the accounts concerned.
/// </summary>
public sealed class LedgerReconciliation(IDbContextFactory<GameHostDbContext> contexts, TimeProvider time, Notifier notifier)
{
    public const string AlertCategory = NotificationCatalogue.Codes.LedgerDrift;

    public async Task<LedgerCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var derived = await db.LedgerEntries().AsNoTracking()
            .GroupBy(e => e.AccountId)
            .Select(g => new { AccountId = g.Key, Sum = g.Sum(e => e.Amount.Minor) })
            .ToDictionaryAsync(x => x.AccountId, x => x.Sum, cancellationToken);
        var accounts = await db.LedgerAccounts().AsNoTracking().ToListAsync(cancellationToken);
        var drifts = accounts
            .Where(a => a.Balance.Minor != derived.GetValueOrDefault(a.Id))
            .Select(a => new BalanceDrift(a.Code, a.Balance.Minor, derived.GetValueOrDefault(a.Id), a.Currency.Code))
            .OrderBy(d => d.AccountCode, StringComparer.Ordinal)
            .ToList();
        var unbalanced = await db.LedgerEntries().AsNoTracking()
            .GroupBy(e => new { e.TransactionId, Currency = e.Amount.Currency })
            .Where(g => g.Sum(e => e.Amount.Minor) != 0)
            .Select(g => g.Key.TransactionId)
            .Distinct()
            .CountAsync(cancellationToken);
        var result = new LedgerCheckResult(accounts.Count, drifts, unbalanced);
        if (!result.IsClean)
        {
            await AlertAsync(db, result, cancellationToken);
        }

        return result;
    }

    private async Task AlertAsync(GameHostDbContext db, LedgerCheckResult result, CancellationToken cancellationToken)
    {
        var day = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = result.Drifts.Select(d => $"{d.AccountCode}: cached {d.CachedMinor} vs entries {d.DerivedMinor} (minor units of {d.Currency})")
            .Append($"Transactions whose entries do not sum to zero: {result.UnbalancedTransactions}");
        var values = new Dictionary<string, string?>
        {
            ["accounts"] = result.Drifts.Count.ToString(CultureInfo.InvariantCulture),
            ["details"] = "Nothing was changed; post a correcting transaction after checking.\n\n" + string.Join("\n", lines),
        };
        // One alert per administrator per day: the key is the day, the notifier adds the recipient.
        await notifier.NotifyStaffAsync(db, NotificationCatalogue.Codes.LedgerDrift, values, $"ledger-drift:{day}", "/admin/billing", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
