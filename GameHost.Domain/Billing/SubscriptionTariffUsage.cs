using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing;

/// <summary>
/// The catalog's stock and per-customer limits count every subscription that is not cancelled: an order waiting for
/// payment already holds its place, so a sold-out tariff cannot be ordered twice by two unpaid orders.
/// </summary>
public sealed class SubscriptionTariffUsage(IDbContextFactory<GameHostDbContext> contexts) : ITariffUsage
{
    public async Task<int> CountActiveAsync(Guid tariffId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Subscriptions().CountAsync(s => s.TariffId == tariffId && s.Status != SubscriptionStatus.Cancelled && s.Status != SubscriptionStatus.Terminated, cancellationToken);
    }

    public async Task<int> CountActiveForCustomerAsync(Guid tariffId, Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Subscriptions().CountAsync(
            s => s.TariffId == tariffId && s.CustomerId == customerId && s.Status != SubscriptionStatus.Cancelled && s.Status != SubscriptionStatus.Terminated, cancellationToken);
    }
}
