using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Changes;

/// <param name="Skipped">Services, pools or changes another run or a payment changed at the same moment; the next run looks again.</param>
/// <param name="PoolsEnded">Resource pools cancelled at period end whose paid time is over.</param>
/// <param name="UpgradesVoided">Unpaid upgrades and pool resizes dropped with their invoices voided.</param>
public sealed record ServiceEndingResult(int Ended, int Skipped, int PoolsEnded = 0, int UpgradesVoided = 0)
{
    public bool IsIdle => Ended == 0 && Skipped == 0 && PoolsEnded == 0 && UpgradesVoided == 0;

    public string ToSummary() => $"{Ended} services ended, {PoolsEnded} pools ended, {UpgradesVoided} unpaid upgrades voided, {Skipped} skipped";
}

/// <summary>
/// Ends the services and resource pools cancelled at period end once their paid time is over (Cancelled and the
/// servers' deletion queued), and drops upgrades whose invoice stayed unpaid (<see cref="ChangesOptions.UnpaidUpgradeVoidDays"/>
/// after confirming, or when the paid period they were priced for ends, whichever comes first): the invoice is voided,
/// the change marked Voided and an audit entry written, in one save per item. Run twice, concurrently or after a crash,
/// each item is handled once: the second run finds it Cancelled or Voided (an invoice paid at the same moment wins: its
/// concurrency token makes the void's save fail). A missed run is caught up by the next (it takes all that are due).
/// </summary>
public sealed class ServiceEndingSweep(
    IDbContextFactory<GameHostDbContext> contexts, ProvisioningRequests provisioning, IOptions<ChangesOptions> options, AuditLog audit, TimeProvider time)
{
    public const int BatchSize = 500;

    public const string UpgradeVoidedAuditAction = "billing.unpaid_upgrade_voided";

    public const string VoidReason = "The upgrade was not paid in time; nothing was changed.";

    /// <summary>The audit actor for what the system does on its own.</summary>
    public static readonly AuditActor SystemActor = new(null, "System");

    public async Task<ServiceEndingResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (ended, skipped) = await EndServicesAsync(now, cancellationToken);
        var (poolsEnded, poolsSkipped) = await EndPoolsAsync(now, cancellationToken);
        var (voided, voidSkipped) = await VoidUnpaidUpgradesAsync(now, cancellationToken);
        return new ServiceEndingResult(ended, skipped + poolsSkipped + voidSkipped, poolsEnded, voided);
    }

    private async Task<(int Ended, int Skipped)> EndServicesAsync(DateTime now, CancellationToken cancellationToken)
    {
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
            if (await TrySaveAsync(db, cancellationToken))
            {
                ended++;
            }
            else
            {
                skipped++;
            }
        }

        return (ended, skipped);
    }

    private async Task<(int Ended, int Skipped)> EndPoolsAsync(DateTime now, CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.ResourcePools().AsNoTracking()
                .Where(p => (p.Status == ResourcePoolStatus.Active || p.Status == ResourcePoolStatus.Suspended) && p.EndsAtUtc != null && p.EndsAtUtc <= now)
                .OrderBy(p => p.EndsAtUtc).Select(p => p.Id).Take(BatchSize)
                .ToListAsync(cancellationToken);
        }

        int ended = 0, skipped = 0;
        foreach (var id in due)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var pool = await db.ResourcePools().SingleAsync(p => p.Id == id, cancellationToken);
            if (pool.Status is not (ResourcePoolStatus.Active or ResourcePoolStatus.Suspended) || pool.EndsAtUtc is not { } endsAt || endsAt > now)
            {
                continue;
            }

            await PoolCancellation.EndAsync(db, pool, provisioning, now, "The pool ended at the end of its period.", cancellationToken);
            if (await TrySaveAsync(db, cancellationToken))
            {
                ended++;
            }
            else
            {
                skipped++;
            }
        }

        return (ended, skipped);
    }

    private async Task<(int Voided, int Skipped)> VoidUnpaidUpgradesAsync(DateTime now, CancellationToken cancellationToken)
    {
        var createdBefore = now.AddDays(-Math.Max(0, options.Value.UnpaidUpgradeVoidDays));
        List<Guid> changes, resizes;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            changes = await db.ServiceChanges().AsNoTracking()
                .Where(c => c.Status == ServiceChangeStatus.AwaitingPayment && c.InvoiceId != null && (c.CreatedAtUtc <= createdBefore || c.PeriodEndUtc <= now))
                .OrderBy(c => c.CreatedAtUtc).Select(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
            resizes = await db.PoolResizes().AsNoTracking()
                .Where(r => r.Status == PoolResizeStatus.AwaitingPayment && r.InvoiceId != null && (r.CreatedAtUtc <= createdBefore || r.PeriodEndUtc <= now))
                .OrderBy(r => r.CreatedAtUtc).Select(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
        }

        int voided = 0, skipped = 0;
        foreach (var id in changes)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var change = await db.ServiceChanges().SingleAsync(c => c.Id == id, cancellationToken);
            var invoice = await db.Invoices().SingleAsync(i => i.Id == change.InvoiceId, cancellationToken);
            if (change.Status != ServiceChangeStatus.AwaitingPayment || invoice.Status != InvoiceStatus.Open)
            {
                continue; // Paid (and applied) or voided by a racing run.
            }

            invoice.Void(VoidReason, now);
            change.Status = ServiceChangeStatus.Voided;
            audit.Record(db, SystemActor, UpgradeVoidedAuditAction, "ServiceChange", change.Id.ToString("D"),
                new { Status = ServiceChangeStatus.AwaitingPayment, Invoice = invoice.DisplayNumber },
                new { change.Status, InvoiceStatus = invoice.Status, change.SubscriptionId });
            if (await TrySaveAsync(db, cancellationToken))
            {
                voided++;
            }
            else
            {
                skipped++;
            }
        }

        foreach (var id in resizes)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var resize = await db.PoolResizes().SingleAsync(r => r.Id == id, cancellationToken);
            var invoice = await db.Invoices().SingleAsync(i => i.Id == resize.InvoiceId, cancellationToken);
            if (resize.Status != PoolResizeStatus.AwaitingPayment || invoice.Status != InvoiceStatus.Open)
            {
                continue;
            }

            invoice.Void(VoidReason, now);
            resize.Status = PoolResizeStatus.Voided;
            audit.Record(db, SystemActor, UpgradeVoidedAuditAction, "PoolResize", resize.Id.ToString("D"),
                new { Status = PoolResizeStatus.AwaitingPayment, Invoice = invoice.DisplayNumber },
                new { resize.Status, InvoiceStatus = invoice.Status, resize.PoolId });
            if (await TrySaveAsync(db, cancellationToken))
            {
                voided++;
            }
            else
            {
                skipped++;
            }
        }

        return (voided, skipped);
    }

    private static async Task<bool> TrySaveAsync(GameHostDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}
