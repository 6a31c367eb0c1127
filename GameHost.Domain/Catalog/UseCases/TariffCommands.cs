using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.UseCases;

/// <summary>The settings of a tariff that are not part of a sale and change in place (no new version).</summary>
public sealed record TariffSettings(
    string Slug,
    Guid GameId,
    TariffVisibility Visibility,
    int? StockLimit,
    int? PerCustomerLimit,
    BillingModel BillingModel,
    int DisplayOrder,
    IReadOnlyList<Guid> AddOnIds);

/// <summary>The outcome of a tariff write: the current version and the token the next edit must present.</summary>
public sealed record TariffSaved(Guid TariffId, int CurrentVersionNumber, bool VersionCreated, Guid ConcurrencyToken);

internal static class TariffEditing
{
    public static async Task<Error?> CheckSettingsAsync(GameHostDbContext db, TariffSettings settings, Guid? tariffId, CancellationToken cancellationToken)
    {
        var slug = settings.Slug.Trim();
        var error = TariffRules.CheckSlug(slug) ?? TariffRules.CheckLimits(settings.StockLimit, settings.PerCustomerLimit);
        if (error is not null)
        {
            return error;
        }

        if (!await db.Games().AnyAsync(g => g.Id == settings.GameId, cancellationToken))
        {
            return CatalogErrors.GameNotFound;
        }

        if (await db.Tariffs().AnyAsync(t => t.Slug == slug && t.Id != tariffId, cancellationToken))
        {
            return CatalogErrors.SlugTaken;
        }

        var addOnIds = settings.AddOnIds.Distinct().ToList();
        var known = await db.AddOns().CountAsync(a => addOnIds.Contains(a.Id), cancellationToken);
        return known != addOnIds.Count ? CatalogErrors.AddOnNotFound : null;
    }

    public static void Apply(Tariff tariff, TariffSettings settings)
    {
        tariff.Slug = settings.Slug.Trim();
        tariff.GameId = settings.GameId;
        tariff.Visibility = settings.Visibility;
        tariff.StockLimit = settings.StockLimit;
        tariff.PerCustomerLimit = settings.PerCustomerLimit;
        tariff.BillingModel = settings.BillingModel;
        tariff.DisplayOrder = settings.DisplayOrder;
        var wanted = settings.AddOnIds.ToHashSet();
        tariff.AddOns.RemoveAll(a => !wanted.Contains(a.AddOnId));
        foreach (var id in wanted.Where(id => tariff.AddOns.All(a => a.AddOnId != id)))
        {
            tariff.AddOns.Add(new TariffAddOn { TariffId = tariff.Id, AddOnId = id });
        }
    }

    /// <summary>Saves, turning a lost race (token moved, or the version number taken) into a business error.</summary>
    public static async Task<Error?> SaveAsync(GameHostDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return CatalogErrors.TariffChangedMeanwhile;
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            // Another editor created the same version number or took the slug between our check and our save.
            return CatalogErrors.TariffChangedMeanwhile;
        }
    }

    internal static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };
}
