using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Billing.PromisedPayments;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Dunning;

/// <summary>An invoice's dunning timeline as the cabinet and the staff console show it.</summary>
public sealed record DunningTimelineView(
    Guid InvoiceId, InvoiceStatus InvoiceStatus, IReadOnlyList<DunningTimelineEntry> Entries, DateTime? HoldUntilUtc, PromiseView? Promise);

public sealed class DunningTimelineQuery(IDbContextFactory<GameHostDbContext> contexts, IOptions<DunningOptions> options, TimeProvider time)
{
    /// <param name="customerId">The signed-in customer (only their invoices), or null for staff.</param>
    /// <returns>Null when there is no such invoice or it is not a renewal of a service or a pool (only renewals are chased).</returns>
    public async Task<DunningTimelineView?> ForInvoiceAsync(Guid invoiceId, Guid? customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices().AsNoTracking()
            .Where(i => i.Id == invoiceId && (customerId == null || i.CustomerId == customerId))
            .Select(i => new { i.Id, i.CustomerId, i.Status, i.DueAtUtc, i.SubscriptionId, i.ServicePeriodStartUtc, i.IdempotencyKey })
            .FirstOrDefaultAsync(cancellationToken);
        var poolId = invoice is { SubscriptionId: null } ? Pools.PoolRenewalSweep.PoolIdOf(invoice.IdempotencyKey) : null;
        if (invoice is null || (invoice.SubscriptionId is null && poolId is null) || invoice.ServicePeriodStartUtc is null || invoice.DueAtUtc is null)
        {
            return null;
        }

        DunningTerms terms;
        if (invoice.SubscriptionId is { } subscriptionId)
        {
            var tariffId = await db.Subscriptions().AsNoTracking().Where(s => s.Id == subscriptionId).Select(s => s.TariffId).FirstAsync(cancellationToken);
            terms = DunningSweep.TermsFor(await db.DunningPolicies().AsNoTracking().FirstOrDefaultAsync(p => p.TariffId == tariffId, cancellationToken), options.Value);
        }
        else
        {
            // A resource pool's renewal: the delays of the pool's plan.
            var planId = await db.ResourcePools().AsNoTracking().Where(p => p.Id == poolId).Select(p => p.PoolPlanId).FirstAsync(cancellationToken);
            terms = Pools.PoolDunningSweep.TermsFor(
                await db.PoolDunningPolicies().AsNoTracking().FirstOrDefaultAsync(p => p.PoolPlanId == planId, cancellationToken), options.Value);
        }

        var steps = await db.DunningSteps().AsNoTracking().Where(s => s.InvoiceId == invoiceId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var hold = await db.DunningHolds().AsNoTracking().Where(h => h.CustomerId == invoice.CustomerId && h.UntilUtc > now)
            .Select(h => (DateTime?)h.UntilUtc).FirstOrDefaultAsync(cancellationToken);
        var promise = await db.PromisedPayments().AsNoTracking().Where(p => p.InvoiceId == invoiceId)
            .Select(p => new PromiseView(p.Id, p.StartedAtUtc, p.EndsAtUtc, p.Status, p.Amount)).FirstOrDefaultAsync(cancellationToken);
        var entries = DunningSchedule.Timeline(invoice.DueAtUtc.Value, terms, options.Value, steps);
        if (invoice.Status != InvoiceStatus.Open)
        {
            // Paid, written off or void: what did not happen will not happen.
            entries = entries.Where(e => e.HappenedAtUtc is not null).ToList();
        }

        return new DunningTimelineView(invoice.Id, invoice.Status, entries, hold, promise);
    }
}
