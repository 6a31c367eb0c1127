using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Provisioning.Tasks;

/// <summary>
/// A paid service is never left unprovisioned in silence: a server that has not become active within
/// <see cref="ProvisioningQueueOptions.DelayNoticeMinutes"/> of being paid gets one e-mail to its customer (we are
/// on it) and one alert to staff. The flag on the server and the e-mails' idempotency keys make it once per server,
/// also when two runs overlap.
/// </summary>
public sealed class ProvisioningWatchdog(
    IDbContextFactory<GameHostDbContext> contexts, ProvisioningAlerts alerts, TimeProvider time, IOptions<ProvisioningQueueOptions> options)
{
    /// <returns>How many late servers were reported in this run.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var minutes = Math.Max(1, options.Value.DelayNoticeMinutes);
        var now = time.GetUtcNow().UtcDateTime;
        var threshold = now - TimeSpan.FromMinutes(minutes);
        List<Guid> late;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            late = await LateServers(db, threshold).OrderBy(s => s.CreatedAtUtc).Select(s => s.Id).Take(50).ToListAsync(cancellationToken);
        }

        var reported = 0;
        foreach (var id in late)
        {
            // One unit of work per server, claimed by a conditional update inside its transaction: of two overlapping
            // runs only one sets the flag, and the e-mails are written with it or not at all.
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await LateServers(db, threshold).Where(s => s.Id == id)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.DelayNoticeSentAtUtc, now), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var server = await db.GameServers().AsNoTracking().SingleAsync(s => s.Id == id, cancellationToken);
            await alerts.ServerDelayedAsync(db, server, minutes, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            reported++;
        }

        return reported;
    }

    /// <summary>Paid servers never active yet, older than the threshold and not yet reported.</summary>
    public static IQueryable<GameServer> LateServers(GameHostDbContext db, DateTime createdBeforeUtc) =>
        db.GameServers().Where(s => s.FirstActiveAtUtc == null
            && s.DelayNoticeSentAtUtc == null
            && s.CreatedAtUtc <= createdBeforeUtc
            && s.State != GameServerState.Active
            && s.State != GameServerState.Suspended
            && s.State != GameServerState.Deleting
            && s.State != GameServerState.Deleted);
}
