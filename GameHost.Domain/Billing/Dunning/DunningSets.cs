using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Dunning;

/// <summary>Dunning's tables on the shared context.</summary>
public static class DunningSets
{
    public static DbSet<DunningStep> DunningSteps(this GameHostDbContext db) => Sets(db).Set<DunningStep>();

    public static DbSet<DunningPolicy> DunningPolicies(this GameHostDbContext db) => Sets(db).Set<DunningPolicy>();

    public static DbSet<PoolDunningPolicy> PoolDunningPolicies(this GameHostDbContext db) => Sets(db).Set<PoolDunningPolicy>();

    public static DbSet<DunningHold> DunningHolds(this GameHostDbContext db) => Sets(db).Set<DunningHold>();

    private static GameHostDbContext Sets(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}
