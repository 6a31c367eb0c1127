using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>The panel key can create and delete every customer's server, so only administrators change the connection.</summary>
internal static class PanelAdmin
{
    private static readonly string AdminRole = Roles.Admin.ToUpperInvariant();

    public static async Task<Result<AuditActor>> LoadAsync(GameHostDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var actor = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == AdminRole)))
            .Select(u => new AuditActor(u.Id, u.Email ?? u.UserName ?? u.FullName))
            .FirstOrDefaultAsync(cancellationToken);
        return actor is null ? PanelSettingsErrors.ActorNotAdmin : actor;
    }
}
