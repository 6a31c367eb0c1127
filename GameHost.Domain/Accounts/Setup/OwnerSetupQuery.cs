using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Accounts.Setup;

/// <summary>Whether the one-time owner set-up is still open: it is until some user holds the Admin role.</summary>
public sealed class OwnerSetupQuery(GameHostDbContext db)
{
    private static readonly string AdminNormalized = Roles.Admin.ToUpperInvariant();

    public Task<bool> AdminExistsAsync(CancellationToken cancellationToken) =>
        (from userRole in db.UserRoles
         join role in db.Roles on userRole.RoleId equals role.Id
         where role.NormalizedName == AdminNormalized
         select userRole.UserId).AnyAsync(cancellationToken);
}
