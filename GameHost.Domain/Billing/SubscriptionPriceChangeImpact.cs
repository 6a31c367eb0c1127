using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing;

/// <summary>
/// Answers the catalog's price-change preview from the subscriptions: every service not cancelled that is still on
/// the older version. Its new renewal price swaps the old period price for the new one and keeps everything else the
/// service pays for (its add-ons) as it is.
/// </summary>
public sealed class SubscriptionPriceChangeImpact(IDbContextFactory<GameHostDbContext> contexts) : IPriceChangeImpact
{
    public async Task<IReadOnlyList<AffectedService>> ListAffectedAsync(
        Guid tariffId, int fromVersion, int toVersion, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = await db.TariffVersions().AsNoTracking().Include(v => v.Prices)
            .Where(v => v.TariffId == tariffId && (v.Number == fromVersion || v.Number == toVersion))
            .ToListAsync(cancellationToken);
        var from = versions.SingleOrDefault(v => v.Number == fromVersion);
        var to = versions.SingleOrDefault(v => v.Number == toVersion);
        if (from is null || to is null)
        {
            return [];
        }

        var services = await db.Subscriptions().AsNoTracking()
            .Where(s => s.TariffId == tariffId && s.TariffVersionNumber == fromVersion && s.Status != SubscriptionStatus.Cancelled && s.Status != SubscriptionStatus.Terminated)
            .Join(db.Users, s => s.CustomerId, u => u.Id, (s, u) => new { Subscription = s, u.FullName, u.Email })
            .ToListAsync(cancellationToken);

        return services
            .Select(x => new AffectedService(
                x.Subscription.Id,
                x.Subscription.CustomerId,
                x.FullName,
                x.Email ?? "",
                x.Subscription.ServerName,
                x.Subscription.Period,
                x.Subscription.RecurringNet,
                NewRecurring(x.Subscription, PriceOf(from, x.Subscription), PriceOf(to, x.Subscription))))
            .OrderBy(a => a.CustomerName, StringComparer.CurrentCultureIgnoreCase).ThenBy(a => a.ServerName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    /// <summary>The renewal price on the later version, or null when either version has no price for this service.</summary>
    internal static Money? NewRecurring(Subscription subscription, Money? oldPeriodPrice, Money? newPeriodPrice) =>
        oldPeriodPrice is { } oldPrice && newPeriodPrice is { } newPrice
            ? subscription.RecurringNet - oldPrice + newPrice
            : null;

    internal static Money? PriceOf(TariffVersion version, Subscription subscription) =>
        version.Prices.FirstOrDefault(p => p.Period == subscription.Period && p.Amount.Currency == subscription.RecurringNet.Currency)?.Amount;
}
