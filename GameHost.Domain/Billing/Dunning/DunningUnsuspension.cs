using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Dunning;

/// <summary>Lifts a dunning suspension as soon as the debt behind it is paid (called when an invoice is marked paid).</summary>
public static class DunningUnsuspension
{
    /// <summary>
    /// When <paramref name="paid"/> belongs to a suspended service and no other invoice of that service is still open
    /// past its due date, the service becomes active again and the panel is asked to unsuspend the server, in the
    /// caller's save. A step on the paid invoice's timeline records it, and the customer is told
    /// (<see cref="NotificationCatalogue.Codes.ServiceUnsuspended"/>, keyed by the paid invoice) when a notifier is given.
    /// </summary>
    public static async Task AfterPaidAsync(
        GameHostDbContext db, ProvisioningRequests provisioning, Subscription subscription, Invoice paid, DateTime nowUtc, Notifier? notifier,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(provisioning);
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(paid);
        if (subscription.Status != SubscriptionStatus.Suspended)
        {
            return;
        }

        // Other invoices of the service still open past their due date keep it suspended, unless this same save has
        // just paid them (a payment settles several invoices before it saves).
        var overdue = await db.Invoices().AsNoTracking()
            .Where(i => i.SubscriptionId == subscription.Id && i.Id != paid.Id && i.Status == InvoiceStatus.Open && i.DueAtUtc != null && i.DueAtUtc < nowUtc)
            .Select(i => i.Id).ToListAsync(cancellationToken);
        var local = db.ChangeTracker.Entries<Invoice>().Select(e => e.Entity).ToDictionary(i => i.Id);
        if (overdue.Any(id => !local.TryGetValue(id, out var tracked) || tracked.Status == InvoiceStatus.Open))
        {
            return;
        }

        subscription.Status = SubscriptionStatus.Active;
        subscription.ConcurrencyToken = Guid.NewGuid();
        await provisioning.RequestUnsuspendAsync(db, subscription.Id, cancellationToken);
        var recorded = db.DunningSteps().Local.Any(s => s.InvoiceId == paid.Id && s.Kind == DunningStepKind.Unsuspension)
            || await db.DunningSteps().AnyAsync(s => s.InvoiceId == paid.Id && s.Kind == DunningStepKind.Unsuspension, cancellationToken);
        if (!recorded)
        {
            db.DunningSteps().Add(new DunningStep
            {
                InvoiceId = paid.Id, SubscriptionId = subscription.Id, CustomerId = paid.CustomerId,
                Kind = DunningStepKind.Unsuspension, Offset = 0, Outcome = DunningStepOutcome.Done, AtUtc = nowUtc,
            });
        }

        if (notifier is not null)
        {
            await notifier.NotifyAsync(db, new NotifyRequest(
                NotificationCatalogue.Codes.ServiceUnsuspended, subscription.CustomerId, new Dictionary<string, string?> { ["server_name"] = subscription.ServerName },
                $"dunning-unsuspended:{paid.Id:N}", $"/cabinet/services/{subscription.Id:D}"), cancellationToken);
        }
    }
}
