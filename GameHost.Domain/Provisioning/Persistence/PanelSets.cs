using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.PanelCatalog;
using GameHost.Domain.Provisioning.Settings;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Persistence;

/// <summary>The panel settings and the synced panel catalogue on the shared context.</summary>
public static class PanelSets
{
    public static DbSet<PanelSettings> PanelSettings(this GameHostDbContext db) => Sets(db).Set<PanelSettings>();

    public static DbSet<SyncedLocation> PanelLocations(this GameHostDbContext db) => Sets(db).Set<SyncedLocation>();

    public static DbSet<SyncedNode> PanelNodes(this GameHostDbContext db) => Sets(db).Set<SyncedNode>();

    public static DbSet<SyncedNest> PanelNests(this GameHostDbContext db) => Sets(db).Set<SyncedNest>();

    public static DbSet<SyncedEgg> PanelEggs(this GameHostDbContext db) => Sets(db).Set<SyncedEgg>();

    public static DbSet<SyncedDockerImage> PanelEggImages(this GameHostDbContext db) => Sets(db).Set<SyncedDockerImage>();

    public static DbSet<SyncedEggVariable> PanelEggVariables(this GameHostDbContext db) => Sets(db).Set<SyncedEggVariable>();

    private static GameHostDbContext Sets(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}
