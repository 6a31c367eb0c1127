using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.Queries;

/// <summary>An egg variable the customer may set when ordering, with the egg's own rules (e.g. <c>required|string|max:20</c>).</summary>
public sealed record OrderVariable(string EnvName, string Name, string DefaultValue, string Rules);

/// <summary>An add-on offered with the tariff, with its unit prices in the order's currency.</summary>
public sealed record OrderAddOn(
    string Key,
    LocalizedText Name,
    AddOnUnit Unit,
    int AmountPerUnit,
    int MinQuantity,
    int MaxQuantity,
    int IncludedQuantity,
    IReadOnlyList<PriceSpec> UnitPrices)
{
    /// <summary>What the order starts with, as pricing assumes when the customer picks nothing.</summary>
    public int DefaultQuantity => Math.Max(MinQuantity, IncludedQuantity);

    /// <summary>The price of one unit beyond the included ones for <paramref name="period"/>; null when none is set.</summary>
    public Money? UnitPrice(BillingPeriod period) => UnitPrices.Where(p => p.Period == period).Select(p => (Money?)p.Amount).FirstOrDefault();
}

/// <summary>
/// What the order form needs of a tariff's current version, in one currency: periods and prices, where it can run,
/// the add-ons and the variables the customer may set. Amounts here are for showing only; the order is priced again
/// on the server when it is quoted and placed.
/// </summary>
public sealed record OrderTariff(
    Guid Id,
    string Slug,
    TariffVisibility Visibility,
    string GameKey,
    LocalizedText GameName,
    int VersionNumber,
    LocalizedText Name,
    LocalizedText Description,
    BillingModel BillingModel,
    ResourceLimits Resources,
    FeatureLimits Features,
    int TrialDays,
    Currency Currency,
    IReadOnlyList<CatalogPrice> Prices,
    Money? SetupFee,
    IReadOnlyList<int> LocationIds,
    IReadOnlyList<OrderVariable> Variables,
    IReadOnlyList<OrderAddOn> AddOns);

/// <summary>
/// A tariff as a customer may order it. Public tariffs are found by slug or id; a hidden-link tariff only with its
/// slug (the link is the permission, so an id picked up elsewhere does not open it); staff-only and archived tariffs
/// never. Every refusal reads <c>catalog.tariff_not_orderable</c> (or <c>catalog.tariff_archived</c>), like a tariff
/// that does not exist, so a crafted request learns nothing.
/// </summary>
public sealed class OrderTariffQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    /// <summary>The tariff behind a catalog or hidden link.</summary>
    public Task<Result<OrderTariff>> BySlugAsync(string? slug, string currencyCode, CancellationToken cancellationToken)
    {
        var trimmed = slug?.Trim().ToLowerInvariant() ?? "";
        return LoadAsync(t => t.Slug == trimmed, trimmed, currencyCode, cancellationToken);
    }

    /// <summary>The currencies the tariff behind a catalog or hidden link is priced in; empty when it cannot be ordered.</summary>
    public async Task<IReadOnlyList<Currency>> CurrenciesAsync(string? slug, CancellationToken cancellationToken)
    {
        var trimmed = slug?.Trim().ToLowerInvariant() ?? "";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tariff = await db.Tariffs().AsNoTracking().FirstOrDefaultAsync(t => t.Slug == trimmed && !t.IsArchived, cancellationToken);
        if (tariff is null || !MayOrder(tariff, trimmed))
        {
            return [];
        }

        var version = await db.TariffVersions().AsNoTracking().Include(v => v.Prices)
            .SingleAsync(v => v.TariffId == tariff.Id && v.Number == tariff.CurrentVersionNumber, cancellationToken);
        return version.Prices.Select(p => p.Amount.Currency).Distinct().OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
    }

    /// <param name="linkSlug">The slug the customer arrived with, if any: it opens a hidden-link tariff.</param>
    public Task<Result<OrderTariff>> ByIdAsync(Guid tariffId, string? linkSlug, string currencyCode, CancellationToken cancellationToken) =>
        LoadAsync(t => t.Id == tariffId, linkSlug?.Trim().ToLowerInvariant(), currencyCode, cancellationToken);

    private async Task<Result<OrderTariff>> LoadAsync(
        System.Linq.Expressions.Expression<Func<Tariff, bool>> match, string? linkSlug, string currencyCode, CancellationToken cancellationToken)
    {
        if (!Currency.TryFromCode(currencyCode?.Trim().ToUpperInvariant(), out var currency))
        {
            return CatalogErrors.UnknownCurrency;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tariff = await db.Tariffs().WithVersions().Include(t => t.Game).AsNoTracking().FirstOrDefaultAsync(match, cancellationToken);
        if (tariff is null || !MayOrder(tariff, linkSlug))
        {
            return CatalogErrors.TariffNotOrderable;
        }

        if (tariff.IsArchived)
        {
            return CatalogErrors.TariffArchived;
        }

        var version = tariff.CurrentVersion;
        var prices = version.Prices
            .Where(p => p.Amount.Currency.Code == currency.Code && p.Period.Fits(tariff.BillingModel))
            .OrderBy(p => p.Period)
            .Select(p => new CatalogPrice(p.Period, p.Amount, PublicCatalogQuery.PerMonth(p.Period, p.Amount)))
            .ToList();
        if (prices.Count == 0)
        {
            return CatalogErrors.PriceMissing(currency.Code, BillingPeriod.Month1, "The tariff");
        }

        var addOnIds = tariff.AddOns.Select(a => a.AddOnId).ToList();
        var addOns = await db.AddOns().AsNoTracking().Include(a => a.Prices)
            .Where(a => addOnIds.Contains(a.Id) && !a.IsArchived)
            .ToListAsync(cancellationToken);

        return new OrderTariff(
            tariff.Id,
            tariff.Slug,
            tariff.Visibility,
            tariff.Game!.Key,
            tariff.Game.Name,
            version.Number,
            version.Name,
            version.Description,
            tariff.BillingModel,
            version.Resources,
            version.Features,
            version.TrialDays,
            currency,
            prices,
            version.SetupFees.Where(f => f.Amount.Currency.Code == currency.Code && !f.Amount.IsZero).Select(f => (Money?)f.Amount).FirstOrDefault(),
            version.LocationIds.Order().ToList(),
            version.Variables.Where(v => v.CustomerSettable).OrderBy(v => v.Position)
                .Select(v => new OrderVariable(v.EnvName, v.Name, v.DefaultValue, v.Rules)).ToList(),
            addOns.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => new OrderAddOn(a.Key, a.Name, a.Unit, a.AmountPerUnit, a.MinQuantity, a.MaxQuantity, a.IncludedQuantity,
                    a.Prices.Where(p => p.Amount.Currency.Code == currency.Code).Select(p => new PriceSpec(p.Period, p.Amount)).ToList()))
                .ToList());
    }

    private static bool MayOrder(Tariff tariff, string? linkSlug) => tariff.Visibility switch
    {
        TariffVisibility.Public => true,
        TariffVisibility.HiddenLink => string.Equals(tariff.Slug, linkSlug, StringComparison.Ordinal),
        _ => false,
    };
}
