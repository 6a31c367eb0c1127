using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing;

/// <summary>
/// Turns a subscription into the server provisioning must build: the tariff version it was sold on (never the
/// current one: grandfathering), its add-ons on top, the location chosen, and the customer's egg variable values
/// over the version's defaults. Lives in Billing because provisioning must not know subscriptions.
/// </summary>
public static class ProvisioningOrders
{
    /// <param name="subscription">Tracked by <paramref name="db"/> (its add-ons and variables are loaded if they are not), or new.</param>
    public static async Task<ServerOrder> ForAsync(GameHostDbContext db, Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subscription);
        var entry = db.Entry(subscription);
        if (entry.State is EntityState.Unchanged or EntityState.Modified)
        {
            // A tracked subscription read without its add-ons and variables would otherwise build a bare server.
            if (!entry.Collection(s => s.AddOns).IsLoaded)
            {
                await entry.Collection(s => s.AddOns).LoadAsync(cancellationToken);
            }

            if (!entry.Collection(s => s.Variables).IsLoaded)
            {
                await entry.Collection(s => s.Variables).LoadAsync(cancellationToken);
            }
        }

        var version = await db.TariffVersions().AsNoTracking().Include(v => v.Variables)
            .SingleAsync(v => v.TariffId == subscription.TariffId && v.Number == subscription.TariffVersionNumber, cancellationToken);
        var quantities = subscription.AddOns.Where(a => a.Quantity > 0).ToDictionary(a => a.Key, a => a.Quantity, StringComparer.Ordinal);
        var keys = quantities.Keys.ToList();
        var addOns = await db.AddOns().AsNoTracking().Where(a => keys.Contains(a.Key)).ToListAsync(cancellationToken);
        var amounts = addOns
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => new AddOnAmount(a.Unit, a.AmountPerUnit, quantities[a.Key]))
            .ToList();
        var values = subscription.Variables.ToDictionary(v => v.EnvName, v => v.Value, StringComparer.Ordinal);
        var spec = ServerSpec.From(subscription.TariffId, version, subscription.ServerName, subscription.LocationId, amounts, values);
        return new ServerOrder(subscription.Id, subscription.CustomerId, spec);
    }
}
