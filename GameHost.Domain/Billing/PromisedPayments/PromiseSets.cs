using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.PromisedPayments;

/// <summary>Promised payments' tables on the shared context.</summary>
public static class PromiseSets
{
    public static DbSet<BillingGroup> BillingGroups(this GameHostDbContext db) => Sets(db).Set<BillingGroup>();

    public static DbSet<BillingGroupMember> BillingGroupMembers(this GameHostDbContext db) => Sets(db).Set<BillingGroupMember>();

    public static DbSet<PromisedPayment> PromisedPayments(this GameHostDbContext db) => Sets(db).Set<PromisedPayment>();

    private static GameHostDbContext Sets(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}
