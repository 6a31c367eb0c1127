using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.Persistence;

/// <summary>The catalog's tables on the shared context (the context itself stays free of feature members).</summary>
public static class CatalogSets
{
    public static DbSet<Game> Games(this GameHostDbContext db) => Sets(db).Set<Game>();

    public static DbSet<Tariff> Tariffs(this GameHostDbContext db) => Sets(db).Set<Tariff>();

    public static DbSet<TariffVersion> TariffVersions(this GameHostDbContext db) => Sets(db).Set<TariffVersion>();

    public static DbSet<AddOn> AddOns(this GameHostDbContext db) => Sets(db).Set<AddOn>();

    public static DbSet<TariffAddOn> TariffAddOns(this GameHostDbContext db) => Sets(db).Set<TariffAddOn>();

    public static DbSet<PromoCode> PromoCodes(this GameHostDbContext db) => Sets(db).Set<PromoCode>();

    public static DbSet<PromoRedemption> PromoRedemptions(this GameHostDbContext db) => Sets(db).Set<PromoRedemption>();

    public static DbSet<ScheduledPriceChange> ScheduledPriceChanges(this GameHostDbContext db) => Sets(db).Set<ScheduledPriceChange>();

    /// <summary>A tariff with every version and everything in them, for editing and pricing.</summary>
    public static IQueryable<Tariff> WithVersions(this IQueryable<Tariff> tariffs) => tariffs
        .Include(t => t.Versions).ThenInclude(v => v.Variables)
        .Include(t => t.Versions).ThenInclude(v => v.Prices)
        .Include(t => t.Versions).ThenInclude(v => v.SetupFees)
        .Include(t => t.AddOns)
        .AsSplitQuery();

    private static GameHostDbContext Sets(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}
