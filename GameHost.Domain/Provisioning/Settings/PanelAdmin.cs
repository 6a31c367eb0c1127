using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>The panel key can create and delete every customer's server, so only administrators change the connection.</summary>
internal static class PanelAdmin
{
    public static async Task<Result<AuditActor>> LoadAsync(GameHostDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var actor = await StaffActors.FindAsync(db, userId, [Roles.Admin], cancellationToken);
        return actor is null ? PanelSettingsErrors.ActorNotAdmin : actor;
    }
}
