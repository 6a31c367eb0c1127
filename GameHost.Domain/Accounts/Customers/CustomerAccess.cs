using System.Security.Cryptography;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Accounts.Customers;

/// <summary>Whether a lock or unlock changed anything; a repeated click is answered with <see cref="Unchanged"/>.</summary>
public enum AccessChange
{
    Changed = 0,
    Unchanged = 1,
}

/// <summary>The part of an account that locking and unlocking touch, as written to the audit log.</summary>
public sealed record CustomerAccessSnapshot(bool LockedByStaff, DateTime? LockoutEndUtc, int FailedSignIns, string? Reason = null)
{
    internal static CustomerAccessSnapshot Of(ApplicationUser user) =>
        new(user.IsLockedByStaff, user.LockoutEnd?.UtcDateTime, user.AccessFailedCount);
}

/// <summary>Names shared by the lock and unlock use cases and by whoever reads their audit entries.</summary>
public static class CustomerAccess
{
    public const int MaxReasonLength = 500;

    public const string SubjectType = "Customer";

    public const string LockedAction = "customer.locked";

    public const string UnlockedAction = "customer.unlocked";

    public static string SubjectId(Guid customerId) => customerId.ToString("D");

    /// <summary>
    /// Loads the acting staff member and the customer (tracked, in <paramref name="db"/>), refusing actors who are not
    /// staff and targets who are not customers; locking oneself falls under the latter since staff are never customers.
    /// </summary>
    internal static async Task<Result<(AuditActor Actor, ApplicationUser Customer)>> LoadAsync(
        GameHostDbContext db, Guid actorUserId, Guid customerId, CancellationToken cancellationToken)
    {
        var actor = await CustomerScope.Staff(db).AsNoTracking()
            .Where(u => u.Id == actorUserId)
            .Select(u => new AuditActor(u.Id, u.Email ?? u.UserName ?? u.FullName))
            .FirstOrDefaultAsync(cancellationToken);
        if (actor is null)
        {
            return CustomerErrors.ActorNotStaff;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == customerId, cancellationToken);
        if (user is null)
        {
            return CustomerErrors.NotFound;
        }

        if (!await CustomerScope.Customers(db).AnyAsync(u => u.Id == customerId, cancellationToken))
        {
            return CustomerErrors.NotACustomer;
        }

        return (actor, user);
    }

    /// <summary>A fresh security stamp makes every cookie and open circuit of the user fail revalidation.</summary>
    internal static void EndSessions(ApplicationUser user)
    {
        user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    internal static async Task<Result<AccessChange>> SaveAsync(GameHostDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return AccessChange.Changed;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Identity's concurrency stamp moved under us (another staff member, or the user themselves): nothing was written.
            return CustomerErrors.ChangedMeanwhile;
        }
    }
}
