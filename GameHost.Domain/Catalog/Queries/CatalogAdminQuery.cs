using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.Queries;

public sealed record CatalogGameItem(Guid Id, string Key, LocalizedText Name);

/// <param name="FromPerMonth">The cheapest monthly equivalent of the current version, one per priced currency.</param>
public sealed record TariffListItem(
    Guid Id,
    string Slug,
    Guid GameId,
    LocalizedText GameName,
    LocalizedText Name,
    TariffVisibility Visibility,
    BillingModel BillingModel,
    int CurrentVersionNumber,
    IReadOnlyList<Money> FromPerMonth,
    bool IsArchived);

public sealed record AddOnListItem(
    Guid Id,
    string Key,
    LocalizedText Name,
    AddOnUnit Unit,
    int AmountPerUnit,
    int MinQuantity,
    int MaxQuantity,
    int IncludedQuantity,
    bool IsArchived,
    Guid ConcurrencyToken,
    IReadOnlyList<PriceSpec> UnitPrices);

/// <summary>
/// The staff catalog lists: every tariff (archived ones too) with its current version's name and from-prices, every
/// add-on with its unit prices, and the games to choose from.
/// </summary>
public sealed class CatalogAdminQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<IReadOnlyList<CatalogGameItem>> GamesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var games = await db.Games().AsNoTracking().ToListAsync(cancellationToken);
        return games.OrderBy(g => g.DisplayOrder).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CatalogGameItem(g.Id, g.Key, g.Name)).ToList();
    }

    /// <param name="gameId">Only this game's tariffs; null = all.</param>
    public async Task<IReadOnlyList<TariffListItem>> TariffsAsync(Guid? gameId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var selected = db.Tariffs().Where(t => gameId == null || t.GameId == gameId);
        var tariffs = await selected.AsNoTracking().Include(t => t.Game).ToListAsync(cancellationToken);
        var versions = await db.TariffVersions().AsNoTracking()
            .Where(v => selected.Any(t => t.Id == v.TariffId && t.CurrentVersionNumber == v.Number))
            .Include(v => v.Prices)
            .ToDictionaryAsync(v => v.TariffId, cancellationToken);
        return tariffs
            .OrderBy(t => t.Game!.DisplayOrder).ThenBy(t => t.Game!.Key, StringComparer.Ordinal)
            .ThenBy(t => t.DisplayOrder).ThenBy(t => t.Slug, StringComparer.Ordinal)
            .Select(t =>
            {
                var version = versions[t.Id];
                var fromPerMonth = version.Prices
                    .Select(p => PublicCatalogQuery.PerMonth(p.Period, p.Amount))
                    .OfType<Money>()
                    .GroupBy(m => m.Currency.Code, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => g.Min())
                    .ToList();
                return new TariffListItem(t.Id, t.Slug, t.GameId, t.Game!.Name, version.Name, t.Visibility, t.BillingModel,
                    t.CurrentVersionNumber, fromPerMonth, t.IsArchived);
            })
            .ToList();
    }

    public async Task<IReadOnlyList<AddOnListItem>> AddOnsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var addOns = await db.AddOns().AsNoTracking().Include(a => a.Prices).ToListAsync(cancellationToken);
        return addOns.OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => new AddOnListItem(a.Id, a.Key, a.Name, a.Unit, a.AmountPerUnit, a.MinQuantity, a.MaxQuantity, a.IncludedQuantity,
                a.IsArchived, a.ConcurrencyToken,
                a.Prices.OrderBy(p => p.Amount.Currency.Code, StringComparer.Ordinal).ThenBy(p => p.Period)
                    .Select(p => new PriceSpec(p.Period, p.Amount)).ToList()))
            .ToList();
    }
}
