using GameHost.Domain.Billing.Dunning;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Pools;

public sealed record PoolDunningResult(int Suspended, int Terminated, int Skipped)
{
    public bool IsIdle => Suspended == 0 && Terminated == 0 && Skipped == 0;

    public string ToSummary() => $"{Suspended} pools suspended, {Terminated} pools terminated, {Skipped} skipped";
}

/// <summary>
/// Dunning for resource pools, with the same delays as services (<see cref="DunningOptions"/>): a pool whose renewal
/// invoice is still open <c>SuspendAfterDays</c> after its due date is suspended — every server inside is queued for
/// suspension on the panel — and one still unpaid <c>TerminateAfterDays</c> after the suspension is terminated: its
/// servers are deleted (queued) and the invoice written off. A staff hold on the customer pauses both. Each pool is
/// handled in its own save under its concurrency token, and the state it reaches is the guard: a repeated or concurrent
/// run finds the pool already suspended or terminated and does nothing. Paying the debt lifts the suspension at once
/// (<see cref="PoolRenewalSweep"/>'s paid hook calls <see cref="UnsuspendAsync"/>).
/// </summary>
public sealed class PoolDunningSweep(
    IDbContextFactory<GameHostDbContext> contexts, ProvisioningRequests provisioning, IOptions<DunningOptions> options, TimeProvider time)
{
    public async Task<PoolDunningResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        var suspendBefore = now.AddDays(-settings.SuspendAfterDays);
        List<(Guid InvoiceId, string Key)> overdue;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            overdue = (await db.Invoices().AsNoTracking()
                .Where(i => i.Status == InvoiceStatus.Open && i.IdempotencyKey.StartsWith(PoolRenewalSweep.InvoiceKeyPrefix)
                    && i.DueAtUtc != null && i.DueAtUtc <= suspendBefore)
                .OrderBy(i => i.DueAtUtc).Select(i => new { i.Id, i.IdempotencyKey }).ToListAsync(cancellationToken))
                .Select(i => (i.Id, i.IdempotencyKey)).ToList();
        }

        int suspended = 0, terminated = 0, skipped = 0;
        foreach (var (invoiceId, key) in overdue)
        {
            if (PoolRenewalSweep.PoolIdOf(key) is not { } poolId)
            {
                continue;
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var pool = await db.ResourcePools().SingleAsync(p => p.Id == poolId, cancellationToken);
            var invoice = await db.Invoices().SingleAsync(i => i.Id == invoiceId, cancellationToken);
            if (invoice.Status != InvoiceStatus.Open
                || await db.DunningHolds().AsNoTracking().AnyAsync(h => h.CustomerId == pool.CustomerId && h.UntilUtc > now, cancellationToken))
            {
                continue;
            }

            var did = 0;
            if (pool.Status == ResourcePoolStatus.Active)
            {
                pool.Status = ResourcePoolStatus.Suspended;
                pool.SuspendedAtUtc = now;
                pool.ConcurrencyToken = Guid.NewGuid();
                foreach (var server in await ActiveServersAsync(db, pool.Id, cancellationToken))
                {
                    // A server not created yet has nothing to suspend on the panel; the pool is suspended all the same.
                    await provisioning.RequestSuspendAsync(db, server.Id, cancellationToken);
                }

                did = 1;
            }
            else if (pool.Status == ResourcePoolStatus.Suspended && pool.SuspendedAtUtc is { } since && now >= since.AddDays(settings.TerminateAfterDays))
            {
                await PoolCancellation.EndAsync(db, pool, provisioning, now, "The pool was terminated for non-payment.", cancellationToken,
                    ResourcePoolStatus.Terminated);
                if (invoice.Status == InvoiceStatus.Open)
                {
                    invoice.MarkUncollectible("The pool was terminated for non-payment.", now);
                }

                did = 2;
            }

            if (did == 0)
            {
                continue;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                suspended += did == 1 ? 1 : 0;
                terminated += did == 2 ? 1 : 0;
            }
            catch (DbUpdateException)
            {
                skipped++; // Paid, changed or handled by a racing run meanwhile: the next run looks again.
            }
        }

        return new PoolDunningResult(suspended, terminated, skipped);
    }

    /// <summary>Lifts a pool's suspension in the caller's save: active again and every server's unsuspension queued.</summary>
    internal static async Task UnsuspendAsync(GameHostDbContext db, ResourcePool pool, ProvisioningRequests provisioning, CancellationToken cancellationToken)
    {
        if (pool.Status != ResourcePoolStatus.Suspended)
        {
            return;
        }

        pool.Status = ResourcePoolStatus.Active;
        pool.SuspendedAtUtc = null;
        pool.ConcurrencyToken = Guid.NewGuid();
        foreach (var server in await ActiveServersAsync(db, pool.Id, cancellationToken))
        {
            await provisioning.RequestUnsuspendAsync(db, server.Id, cancellationToken);
        }
    }

    private static Task<List<PoolServer>> ActiveServersAsync(GameHostDbContext db, Guid poolId, CancellationToken cancellationToken) =>
        db.PoolServers().AsNoTracking().Where(s => s.PoolId == poolId && s.Status == PoolServerStatus.Active).ToListAsync(cancellationToken);
}
