using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Persistence;

/// <summary>Provisioning's tables on the shared context (the context itself stays free of feature members).</summary>
public static class ProvisioningSets
{
    public static DbSet<GameServer> GameServers(this GameHostDbContext db) => Sets(db).Set<GameServer>();

    public static DbSet<PanelAccount> PanelAccounts(this GameHostDbContext db) => Sets(db).Set<PanelAccount>();

    public static DbSet<ProvisioningTask> ProvisioningTasks(this GameHostDbContext db) => Sets(db).Set<ProvisioningTask>();

    public static DbSet<ProvisioningQueueState> ProvisioningQueue(this GameHostDbContext db) => Sets(db).Set<ProvisioningQueueState>();

    private static GameHostDbContext Sets(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}
