using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.Queries;

public sealed record CatalogPrice(BillingPeriod Period, Money Amount, Money? PerMonth);

public sealed record PublicTariff(
    Guid Id,
    string Slug,
    LocalizedText Name,
    LocalizedText Description,
    BillingModel BillingModel,
    ResourceLimits Resources,
    FeatureLimits Features,
    int TrialDays,
    IReadOnlyList<CatalogPrice> Prices,
    Money? SetupFee,
    Money? FromPerMonth);

public sealed record PublicGame(string Key, LocalizedText Name, IReadOnlyList<PublicTariff> Tariffs);

/// <summary>
/// The public catalog in one currency: public, unarchived tariffs by game, each with its current version's prices.
/// A tariff without a price in that currency is left out rather than shown without one.
/// </summary>
public sealed class PublicCatalogQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<IReadOnlyList<PublicGame>> ExecuteAsync(string currencyCode, CancellationToken cancellationToken)
    {
        if (!Currency.TryFromCode(currencyCode, out var currency))
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listed = db.Tariffs().Where(t => t.Visibility == TariffVisibility.Public && !t.IsArchived);
        var tariffs = await listed.AsNoTracking().Include(t => t.Game).ToListAsync(cancellationToken);
        // Only the current versions: old versions pile up with every edit and the catalog never shows them.
        var versions = await db.TariffVersions().AsNoTracking()
            .Where(v => listed.Any(t => t.Id == v.TariffId && t.CurrentVersionNumber == v.Number))
            .Include(v => v.Prices)
            .Include(v => v.SetupFees)
            .AsSplitQuery()
            .ToDictionaryAsync(v => v.TariffId, cancellationToken);
        foreach (var tariff in tariffs)
        {
            tariff.Versions.Add(versions[tariff.Id]);
        }

        return tariffs
            .Select(t => (Tariff: t, View: ToView(t, currency)))
            .Where(x => x.View is not null)
            // By id: without tracking each tariff has its own copy of its game.
            .GroupBy(x => x.Tariff.GameId)
            .Select(g => (Game: g.First().Tariff.Game!, Tariffs: g))
            .OrderBy(g => g.Game.DisplayOrder).ThenBy(g => g.Game.Key, StringComparer.Ordinal)
            .Select(g => new PublicGame(g.Game.Key, g.Game.Name, g.Tariffs
                .OrderBy(x => x.Tariff.DisplayOrder).ThenBy(x => x.Tariff.Slug, StringComparer.Ordinal)
                .Select(x => x.View!)
                .ToList()))
            .ToList();
    }

    private static PublicTariff? ToView(Tariff tariff, Currency currency)
    {
        var version = tariff.CurrentVersion;
        var prices = version.Prices
            .Where(p => p.Amount.Currency.Code == currency.Code)
            .OrderBy(p => p.Period)
            .Select(p => new CatalogPrice(p.Period, p.Amount, PerMonth(p.Period, p.Amount)))
            .ToList();
        if (prices.Count == 0)
        {
            return null;
        }

        var fromPerMonth = prices.Where(p => p.PerMonth is not null).Select(p => p.PerMonth!.Value).DefaultIfEmpty().Min();
        var setupFee = version.SetupFees.Where(f => f.Amount.Currency.Code == currency.Code && !f.Amount.IsZero).Select(f => (Money?)f.Amount).FirstOrDefault();
        return new PublicTariff(tariff.Id, tariff.Slug, version.Name, version.Description, tariff.BillingModel, version.Resources,
            version.Features, version.TrialDays, prices, setupFee, prices.Any(p => p.PerMonth is not null) ? fromPerMonth : null);
    }

    /// <summary>
    /// The monthly equivalent of a prepaid period, rounded up to the minor unit (the largest of the equal parts), so
    /// "from R 99/month" never promises less than a customer pays.
    /// </summary>
    internal static Money? PerMonth(BillingPeriod period, Money amount) =>
        period.Months() is { } months ? amount.Split(months).Max() : null;
}
