using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Changes;

/// <param name="PeriodPrice">The tariff's price for the service's period in its currency (null when not sold so).</param>
public sealed record ChangeTariffOption(Guid TariffId, LocalizedText Name, Money? PeriodPrice, bool IsCurrent);

public sealed record ChangeAddOnOption(string Key, LocalizedText Name, int MinQuantity, int MaxQuantity, int CurrentQuantity, Money? UnitPrice);

/// <summary>What the cabinet shows to manage a service: its paid time, whether it ends, and the tariffs and add-ons it can change to.</summary>
public sealed record ServiceManagement(
    Guid SubscriptionId,
    string ServerName,
    SubscriptionStatus Status,
    BillingPeriod Period,
    Money RecurringNet,
    DateTime? PaidUntilUtc,
    DateTime? EndsAtUtc,
    Guid TariffId,
    bool HasPendingChange,
    IReadOnlyList<ChangeTariffOption> Tariffs,
    IReadOnlyList<ChangeAddOnOption> AddOns)
{
    public bool CanChange => Status == SubscriptionStatus.Active && EndsAtUtc is null && !HasPendingChange && Period.Months() is not null;

    public bool CanCancel => Status is SubscriptionStatus.Active or SubscriptionStatus.Suspended;
}

public sealed class ChangeOptionsQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<ServiceManagement?> ExecuteAsync(Guid customerId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subscription = await db.Subscriptions().AsNoTracking().Include(s => s.AddOns)
            .FirstOrDefaultAsync(s => s.Id == subscriptionId && s.CustomerId == customerId, cancellationToken);
        if (subscription is null)
        {
            return null;
        }

        var currency = subscription.RecurringNet.Currency;
        var gameId = await db.Tariffs().Where(t => t.Id == subscription.TariffId).Select(t => t.GameId).SingleAsync(cancellationToken);
        var tariffs = await db.Tariffs().WithVersions().AsNoTracking()
            // Only tariffs billed like this service (a prepaid service is not moved to pay-as-you-go here).
            .Where(t => t.GameId == gameId && (t.Id == subscription.TariffId
                || (!t.IsArchived && t.Visibility == TariffVisibility.Public && t.BillingModel == subscription.BillingModel)))
            .ToListAsync(cancellationToken);
        var current = tariffs.Single(t => t.Id == subscription.TariffId);
        var addOnIds = current.AddOns.Select(a => a.AddOnId).ToList();
        var addOns = await db.AddOns().AsNoTracking().Include(a => a.Prices).Where(a => addOnIds.Contains(a.Id) && !a.IsArchived).ToListAsync(cancellationToken);
        var pending = await db.ServiceChanges().AnyAsync(c => c.SubscriptionId == subscription.Id && c.Status == ServiceChangeStatus.AwaitingPayment, cancellationToken);
        return new ServiceManagement(
            subscription.Id,
            subscription.ServerName,
            subscription.Status,
            subscription.Period,
            subscription.RecurringNet,
            subscription.PaidUntilUtc,
            subscription.EndsAtUtc,
            subscription.TariffId,
            pending,
            tariffs.OrderBy(t => t.DisplayOrder).ThenBy(t => t.Slug, StringComparer.Ordinal)
                .Select(t => new ChangeTariffOption(t.Id, t.CurrentVersion.Name,
                    t.CurrentVersion.Prices.Where(p => p.Period == subscription.Period && p.Amount.Currency == currency).Select(p => (Money?)p.Amount).FirstOrDefault(),
                    t.Id == subscription.TariffId))
                .ToList(),
            addOns.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => new ChangeAddOnOption(a.Key, a.Name, a.MinQuantity, a.MaxQuantity,
                    subscription.AddOns.FirstOrDefault(x => x.Key == a.Key)?.Quantity ?? 0,
                    a.Prices.Where(p => p.Period == subscription.Period && p.Amount.Currency == currency).Select(p => (Money?)p.Amount).FirstOrDefault()))
                .ToList());
    }
}
