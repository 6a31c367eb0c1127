using System.Globalization;
using GameHost.Domain.Billing.Dunning;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Pools;

public sealed record PoolRenewalResult(int Invoiced, int PaidFromBalance, int Skipped)
{
    public bool IsIdle => Invoiced == 0 && Skipped == 0;

    public string ToSummary() => $"{Invoiced} pool renewals invoiced, {PaidFromBalance} paid from balance, {Skipped} skipped";
}

/// <summary>
/// Renews resource pools like subscriptions renew: <see cref="LeadTime"/> before a pool's paid time ends, one invoice for
/// the next period (key <c>pool-renewal:{pool}:{periodStart}</c>, unique, so a repeated or concurrent run finds it and
/// adds nothing), paid from the balance when it covers it. When a renewal invoice is paid, whenever that is, the pool's
/// paid time continues exactly where it ended, once (<see cref="OnPaidAsync"/>). A missed run is caught up by the next.
/// </summary>
public sealed class PoolRenewalSweep(IDbContextFactory<GameHostDbContext> contexts, ITaxPolicy taxPolicy, InvoiceSettlement settlement, TimeProvider time)
{
    public const string InvoiceKeyPrefix = "pool-renewal:";

    public static readonly TimeSpan LeadTime = TimeSpan.FromDays(7);

    public static string InvoiceKey(Guid poolId, DateTime periodStartUtc) =>
        $"{InvoiceKeyPrefix}{poolId:N}:{periodStartUtc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";

    public async Task<PoolRenewalResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var horizon = now + LeadTime;
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.ResourcePools().AsNoTracking()
                .Where(p => p.Status == ResourcePoolStatus.Active && p.PaidUntilUtc != null && p.PaidUntilUtc <= horizon
                    && (p.EndsAtUtc == null || p.EndsAtUtc > p.PaidUntilUtc))
                .Select(p => p.Id).ToListAsync(cancellationToken);
        }

        int invoiced = 0, paid = 0, skipped = 0;
        foreach (var poolId in due)
        {
            var outcome = await RenewAsync(poolId, now, cancellationToken);
            invoiced += outcome.Invoiced ? 1 : 0;
            paid += outcome.Paid ? 1 : 0;
            skipped += outcome.Skipped ? 1 : 0;
        }

        return new PoolRenewalResult(invoiced, paid, skipped);
    }

    private async Task<(bool Invoiced, bool Paid, bool Skipped)> RenewAsync(Guid poolId, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pool = await db.ResourcePools().AsNoTracking().SingleAsync(p => p.Id == poolId, cancellationToken);
        if (pool.PaidUntilUtc is not { } start || pool.Period.EndOf(start) is not { } end)
        {
            return (false, false, false);
        }

        if (pool.EndsAtUtc is { } endsAt && endsAt <= start)
        {
            return (false, false, false); // Cancelled at period end: no period after it.
        }

        var key = InvoiceKey(pool.Id, start);
        var earlier = await db.Invoices().AsNoTracking().Where(i => i.IdempotencyKey == key || i.IdempotencyKey.StartsWith(key + ":"))
            .Select(i => i.Status).ToListAsync(cancellationToken);
        if (earlier.Any(s => s != InvoiceStatus.Void))
        {
            return (false, false, false); // Already invoiced for this period (by an earlier or a racing run).
        }

        if (earlier.Count > 0)
        {
            // The period's renewal was voided by a cancellation at period end that was then taken back: bill it afresh,
            // under a key that still names the period (and is unique, so a racing run adds nothing).
            key = $"{key}:{earlier.Count.ToString(CultureInfo.InvariantCulture)}";
        }

        var buyer = await OrderBuyer.LoadAsync(db, pool.CustomerId, cancellationToken);
        if (buyer is null || buyer.Currency != pool.RecurringNet.Currency)
        {
            return (false, false, true);
        }

        var invoice = Invoice.Draft(pool.CustomerId, null, key, pool.RecurringNet.Currency, buyer.Snapshot, now);
        invoice.ForServicePeriod(start, end);
        var tax = await taxPolicy.TaxForAsync(buyer.Snapshot, pool.RecurringNet, cancellationToken);
        var months = pool.Period.Months() ?? 1;
        invoice.AddLine(InvoiceLineKind.Pool, "pool", new LocalizedText(
                $"Resource pool {pool.Name.En}, {months} {(months == 1 ? "month" : "months")}",
                $"Pool de recursos {pool.Name.For("es")}, {months} {(months == 1 ? "mes" : "meses")}"),
            1, tax.Net, tax.Net, tax.Tax, tax.RateBasisPoints, tax.Treatment);
        await InvoiceIssuing.IssueAsync(db, invoice, InvoiceNumbering.DefaultSeries, now, start, cancellationToken);
        db.Invoices().Add(invoice);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return (false, false, true); // A racing run invoiced it, or took the number: the next run looks again.
        }

        await using var pay = await contexts.CreateDbContextAsync(cancellationToken);
        var settled = await settlement.ApplyBalanceAsync(pay, pool.CustomerId, invoice.Id, cancellationToken);
        if (settled.All(i => i.Id != invoice.Id))
        {
            return (true, false, false);
        }

        try
        {
            await pay.SaveChangesAsync(cancellationToken);
            return (true, true, false);
        }
        catch (DbUpdateException)
        {
            return (true, false, false); // The balance moved: the invoice stays open and is paid by the next money.
        }
    }

    /// <summary>A paid renewal continues the pool's paid time exactly where it ended, once, even when paid late.</summary>
    /// <remarks>
    /// A pool that dunning suspended for this debt becomes active again in the same save, and the panel is asked to
    /// unsuspend every server inside, unless another renewal of the pool is still open past its due date.
    /// </remarks>
    internal static async Task OnPaidAsync(
        GameHostDbContext db, Invoice invoice, ProvisioningRequests provisioning, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (PoolIdOf(invoice.IdempotencyKey) is not { } poolId || invoice.ServicePeriodStartUtc is not { } start || invoice.ServicePeriodEndUtc is not { } end)
        {
            return;
        }

        var pool = await db.ResourcePools().FirstOrDefaultAsync(p => p.Id == poolId, cancellationToken);
        if (pool is { Status: ResourcePoolStatus.Active or ResourcePoolStatus.Suspended } && pool.PaidUntilUtc == start)
        {
            pool.CurrentPeriodStartUtc = start;
            pool.PaidUntilUtc = end;
            pool.ConcurrencyToken = Guid.NewGuid();
        }

        if (pool is { Status: ResourcePoolStatus.Suspended })
        {
            var prefix = $"{InvoiceKeyPrefix}{pool.Id:N}:";
            var overdue = await db.Invoices().AsNoTracking()
                .Where(i => i.Id != invoice.Id && i.Status == InvoiceStatus.Open && i.IdempotencyKey.StartsWith(prefix) && i.DueAtUtc != null && i.DueAtUtc < nowUtc)
                .Select(i => i.Id).ToListAsync(cancellationToken);
            var local = db.ChangeTracker.Entries<Invoice>().Select(e => e.Entity).ToDictionary(i => i.Id);
            if (overdue.Any(id => !local.TryGetValue(id, out var tracked) || tracked.Status == InvoiceStatus.Open))
            {
                return;
            }

            await PoolDunningSweep.UnsuspendAsync(db, pool, provisioning, cancellationToken);

            // The paid invoice's timeline shows the pool running again, as a service's does.
            var recorded = db.DunningSteps().Local.Any(s => s.InvoiceId == invoice.Id && s.Kind == DunningStepKind.Unsuspension)
                || await db.DunningSteps().AnyAsync(s => s.InvoiceId == invoice.Id && s.Kind == DunningStepKind.Unsuspension, cancellationToken);
            if (!recorded)
            {
                db.DunningSteps().Add(new DunningStep
                {
                    InvoiceId = invoice.Id, SubscriptionId = null, CustomerId = invoice.CustomerId,
                    Kind = DunningStepKind.Unsuspension, Offset = 0, Outcome = DunningStepOutcome.Done, AtUtc = nowUtc,
                });
            }
        }
    }

    /// <summary>The pool a renewal invoice key names (<c>pool-renewal:{pool}:{periodStart}[:n]</c>), or null.</summary>
    public static Guid? PoolIdOf(string idempotencyKey)
    {
        if (idempotencyKey is null || !idempotencyKey.StartsWith(InvoiceKeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = idempotencyKey[InvoiceKeyPrefix.Length..].Split(':');
        return parts.Length >= 2 && Guid.TryParseExact(parts[0], "N", out var poolId) ? poolId : null;
    }
}
