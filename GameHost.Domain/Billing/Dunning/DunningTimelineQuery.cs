using GameHost.Domain.Billing.Persistence;
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
    /// <returns>Null when there is no such invoice or it is not a renewal (only renewals are chased).</returns>
    public async Task<DunningTimelineView?> ForInvoiceAsync(Guid invoiceId, Guid? customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices().AsNoTracking()
            .Where(i => i.Id == invoiceId && (customerId == null || i.CustomerId == customerId))
            .Select(i => new { i.Id, i.CustomerId, i.Status, i.DueAtUtc, i.SubscriptionId, i.ServicePeriodStartUtc })
            .FirstOrDefaultAsync(cancellationToken);
        if (invoice is null || invoice.SubscriptionId is null || invoice.ServicePeriodStartUtc is null || invoice.DueAtUtc is null)
        {
            return null;
        }

        var tariffId = await db.Subscriptions().AsNoTracking().Where(s => s.Id == invoice.SubscriptionId).Select(s => s.TariffId).FirstAsync(cancellationToken);
        var policy = await db.DunningPolicies().AsNoTracking().FirstOrDefaultAsync(p => p.TariffId == tariffId, cancellationToken);
        var steps = await db.DunningSteps().AsNoTracking().Where(s => s.InvoiceId == invoiceId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var hold = await db.DunningHolds().AsNoTracking().Where(h => h.CustomerId == invoice.CustomerId && h.UntilUtc > now)
            .Select(h => (DateTime?)h.UntilUtc).FirstOrDefaultAsync(cancellationToken);
        var promise = await db.PromisedPayments().AsNoTracking().Where(p => p.InvoiceId == invoiceId)
            .Select(p => new PromiseView(p.Id, p.StartedAtUtc, p.EndsAtUtc, p.Status, p.Amount)).FirstOrDefaultAsync(cancellationToken);
        var entries = DunningSchedule.Timeline(invoice.DueAtUtc.Value, DunningSweep.TermsFor(policy, options.Value), options.Value, steps);
        if (invoice.Status != InvoiceStatus.Open)
        {
            // Paid, written off or void: what did not happen will not happen.
            entries = entries.Where(e => e.HappenedAtUtc is not null).ToList();
        }

        return new DunningTimelineView(invoice.Id, invoice.Status, entries, hold, promise);
    }
}
