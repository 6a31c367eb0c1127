using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog;

/// <summary>Catalog changes move money (prices, discounts), so only administrators make them, not support staff.</summary>
internal static class CatalogActor
{
    private static readonly string AdminRole = Roles.Admin.ToUpperInvariant();

    public static async Task<Result<AuditActor>> LoadAdminAsync(GameHostDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var actor = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == AdminRole)))
            .Select(u => new AuditActor(u.Id, u.Email ?? u.UserName ?? u.FullName))
            .FirstOrDefaultAsync(cancellationToken);
        return actor is null ? CatalogErrors.ActorNotAdmin : actor;
    }
}
