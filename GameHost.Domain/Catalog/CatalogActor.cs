using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog;

/// <summary>Catalog changes move money (prices, discounts), so only administrators make them, not support staff.</summary>
internal static class CatalogActor
{
    public static async Task<Result<AuditActor>> LoadAdminAsync(GameHostDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var actor = await StaffActors.FindAsync(db, userId, [Roles.Admin], cancellationToken);
        return actor is null ? CatalogErrors.ActorNotAdmin : actor;
    }
}
