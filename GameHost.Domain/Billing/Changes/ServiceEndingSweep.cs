using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Changes;

/// <param name="Skipped">Services another run or a payment changed at the same moment; the next run looks again.</param>
public sealed record ServiceEndingResult(int Ended, int Skipped)
{
    public bool IsIdle => Ended == 0 && Skipped == 0;

    public string ToSummary() => $"{Ended} services ended, {Skipped} skipped";
}

/// <summary>
/// Ends the services cancelled at period end once their paid time is over: Cancelled and the server's deletion
/// queued, in one save per service under its concurrency token. Run twice, concurrently or after a crash, a service
/// ends once: the second run finds it Cancelled. A missed run is caught up by the next (it takes all that are due).
/// </summary>
public sealed class ServiceEndingSweep(IDbContextFactory<GameHostDbContext> contexts, ProvisioningRequests provisioning, TimeProvider time)
{
    public const int BatchSize = 500;

    public async Task<ServiceEndingResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Subscriptions().AsNoTracking()
                .Where(s => (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Suspended) && s.EndsAtUtc != null && s.EndsAtUtc <= now)
                .OrderBy(s => s.EndsAtUtc).Select(s => s.Id).Take(BatchSize)
                .ToListAsync(cancellationToken);
        }

        int ended = 0, skipped = 0;
        foreach (var id in due)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var subscription = await db.Subscriptions().SingleAsync(s => s.Id == id, cancellationToken);
            if (subscription.Status is not (SubscriptionStatus.Active or SubscriptionStatus.Suspended) || subscription.EndsAtUtc is not { } endsAt || endsAt > now)
            {
                continue; // Undone, or ended by a racing run.
            }

            subscription.Status = SubscriptionStatus.Cancelled;
            subscription.ConcurrencyToken = Guid.NewGuid();
            await provisioning.RequestDeleteAsync(db, subscription.Id, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                ended++;
            }
            catch (DbUpdateException)
            {
                skipped++;
            }
        }

        return new ServiceEndingResult(ended, skipped);
    }
}
