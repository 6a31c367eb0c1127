using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.PromisedPayments;

/// <summary>What a customer would get: the service runs until <see cref="EndsAtUtc"/>; the renewal starts at <see cref="PeriodStartUtc"/>.</summary>
public sealed record PromiseTerms(Guid InvoiceId, string InvoiceNumber, Money Amount, int Days, DateTime EndsAtUtc, DateTime PeriodStartUtc, string GroupName);

/// <summary>
/// Whether a customer may take a promised payment on an invoice, by the rules of their billing group: promises allowed,
/// the invoice an open renewal of a running service or resource pool that is due or overdue, within the group's maximum amount and its
/// number of promises per window, and the customer in good standing (no other invoice overdue longer than allowed, no
/// earlier promise left unpaid).
/// </summary>
public static class PromiseRules
{
    public static async Task<BillingGroup> GroupOfAsync(GameHostDbContext db, Guid customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var groupId = await db.BillingGroupMembers().AsNoTracking().Where(m => m.CustomerId == customerId).Select(m => (Guid?)m.GroupId)
            .FirstOrDefaultAsync(cancellationToken);
        return await db.BillingGroups().AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId, cancellationToken)
            ?? await db.BillingGroups().AsNoTracking().FirstAsync(g => g.IsDefault, cancellationToken);
    }

    public static async Task<Result<PromiseTerms>> CheckAsync(
        GameHostDbContext db, Guid customerId, Guid invoiceId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var invoice = await db.Invoices().AsNoTracking().FirstOrDefaultAsync(i => i.Id == invoiceId && i.CustomerId == customerId, cancellationToken);
        if (invoice is null)
        {
            return PromiseErrors.InvoiceNotFound;
        }

        // A service's renewal names its subscription; a resource pool's renewal names its pool in its key.
        var poolId = invoice.SubscriptionId is null ? Pools.PoolRenewalSweep.PoolIdOf(invoice.IdempotencyKey) : null;
        if ((invoice.SubscriptionId is null && poolId is null) || invoice.ServicePeriodStartUtc is not { } periodStart || invoice.DueAtUtc is not { } due)
        {
            return PromiseErrors.NotARenewal;
        }

        if (invoice.Status != InvoiceStatus.Open)
        {
            return PromiseErrors.InvoiceNotOpen;
        }

        if (await db.PromisedPayments().AsNoTracking().AnyAsync(p => p.InvoiceId == invoiceId, cancellationToken))
        {
            return PromiseErrors.AlreadyTaken;
        }

        var running = invoice.SubscriptionId is { } subscriptionId
            ? await db.Subscriptions().AsNoTracking().AnyAsync(s => s.Id == subscriptionId && s.Status == SubscriptionStatus.Active, cancellationToken)
            : await db.ResourcePools().AsNoTracking().AnyAsync(p => p.Id == poolId && p.Status == Pools.ResourcePoolStatus.Active, cancellationToken);
        if (!running)
        {
            return PromiseErrors.ServiceNotActive;
        }

        if (nowUtc < due)
        {
            return PromiseErrors.NotDueYet;
        }

        var group = await GroupOfAsync(db, customerId, cancellationToken);
        if (!group.PromisesAllowed || group.PromiseDays <= 0 || group.MaxPromisesPerWindow <= 0)
        {
            return PromiseErrors.NotAllowed;
        }

        if (group.MaxAmountMinor > 0 && invoice.GrossTotal.Minor > group.MaxAmountMinor)
        {
            return PromiseErrors.AmountTooHigh;
        }

        var windowStart = nowUtc.AddDays(-Math.Max(1, group.WindowDays));
        var used = await db.PromisedPayments().AsNoTracking().CountAsync(p => p.CustomerId == customerId && p.StartedAtUtc > windowStart, cancellationToken);
        if (used >= group.MaxPromisesPerWindow)
        {
            return PromiseErrors.TooMany;
        }

        var overdueSince = nowUtc.AddDays(-Math.Max(0, group.GoodStandingMaxOverdueDays));
        if (await db.Invoices().AsNoTracking().AnyAsync(i => i.CustomerId == customerId && i.Id != invoiceId
                && i.Status == InvoiceStatus.Open && i.DueAtUtc != null && i.DueAtUtc < overdueSince, cancellationToken))
        {
            return PromiseErrors.NotInGoodStanding;
        }

        var unpaidPromise = await db.PromisedPayments().AsNoTracking()
            .AnyAsync(p => p.CustomerId == customerId && (p.Status == PromiseStatus.Broken
                || (p.Status == PromiseStatus.Active && db.Invoices().Any(i => i.Id == p.InvoiceId && i.Status != InvoiceStatus.Paid))), cancellationToken);
        if (unpaidPromise)
        {
            return PromiseErrors.PreviousUnpaid;
        }

        return new PromiseTerms(invoice.Id, invoice.DisplayNumber ?? "", invoice.GrossTotal, group.PromiseDays, nowUtc.AddDays(group.PromiseDays), periodStart, group.Name);
    }
}
