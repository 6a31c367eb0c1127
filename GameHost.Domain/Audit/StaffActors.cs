using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Audit;

/// <summary>
/// Who is acting, for use cases that only some staff may run: the user as an audit actor when they hold one of the
/// given roles, else null (each feature answers with its own error code).
/// </summary>
public static class StaffActors
{
    public static async Task<AuditActor?> FindAsync(
        GameHostDbContext db, Guid userId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(roles);
        var normalized = roles.Select(r => r.ToUpperInvariant()).ToList();
        return await db.Users.AsNoTracking()
            .Where(u => u.Id == userId
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && normalized.Contains(r.NormalizedName!))))
            .Select(u => new AuditActor(u.Id, u.Email ?? u.UserName ?? u.FullName))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
