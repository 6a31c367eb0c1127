using GameHost.Domain.Billing.Dunning;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.PromisedPayments;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Pools;

public sealed record PoolDunningResult(int Suspended, int Terminated, int Skipped, int Reminders = 0)
{
    public bool IsIdle => Suspended == 0 && Terminated == 0 && Skipped == 0 && Reminders == 0;

    public string ToSummary() => $"{Reminders} pool reminders, {Suspended} pools suspended, {Terminated} pools terminated, {Skipped} skipped";
}

/// <summary>
/// Dunning for resource pools, read exactly as a service's: the reminders of <see cref="DunningOptions"/> before, on and
/// after the due date of a pool's open renewal invoice (each a <see cref="DunningStep"/> on that invoice, unique, saved
/// with its e-mail, so each goes out once; a late run sends only the latest and records the stale ones as skipped); the
/// suspension N days after the due date — every server inside queued for suspension on the panel — and the
/// termination M days after the suspension (servers deleted, invoice written off), where N and M are staff's setting
/// for the pool's plan (<see cref="PoolDunningPolicy"/>) or else the defaults. A staff hold on the customer pauses both,
/// and so does a running promised payment on the invoice. Each pool is handled in its own save under its concurrency
/// token: a repeated or concurrent run finds the steps taken and the pool already suspended or terminated and does
/// nothing. Paying the debt lifts the suspension at once (<see cref="PoolRenewalSweep"/>'s paid hook calls
/// <see cref="UnsuspendAsync"/>).
/// </summary>
public sealed class PoolDunningSweep(
    IDbContextFactory<GameHostDbContext> contexts, ProvisioningRequests provisioning, IOptions<DunningOptions> options, TimeProvider time, Notifier notifier)
{
    public async Task<PoolDunningResult> RunAsync(NoticeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        var horizon = now.AddDays(settings.RemindBeforeDays.Where(d => d > 0).DefaultIfEmpty(0).Max());
        List<(Guid InvoiceId, string Key)> candidates;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            candidates = (await db.Invoices().AsNoTracking()
                .Where(i => i.Status == InvoiceStatus.Open && i.IdempotencyKey.StartsWith(PoolRenewalSweep.InvoiceKeyPrefix)
                    && i.DueAtUtc != null && i.DueAtUtc <= horizon)
                .OrderBy(i => i.DueAtUtc).Select(i => new { i.Id, i.IdempotencyKey }).ToListAsync(cancellationToken))
                .Select(i => (i.Id, i.IdempotencyKey)).ToList();
        }

        int reminders = 0, suspended = 0, terminated = 0, skipped = 0;
        foreach (var (invoiceId, key) in candidates)
        {
            if (PoolRenewalSweep.PoolIdOf(key) is not { } poolId)
            {
                continue;
            }

            try
            {
                var done = await WalkAsync(invoiceId, poolId, now, context, cancellationToken);
                reminders += done.Reminders;
                suspended += done.Suspended ? 1 : 0;
                terminated += done.Terminated ? 1 : 0;
            }
            catch (DbUpdateException)
            {
                skipped++; // Paid, changed or handled by a racing run meanwhile: the next run looks again.
            }
        }

        return new PoolDunningResult(suspended, terminated, skipped, reminders);
    }

    /// <summary>The suspension and termination delays for a pool plan: staff's setting for the plan, else the defaults.</summary>
    public static DunningTerms TermsFor(PoolDunningPolicy? policy, DunningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return policy is null
            ? new DunningTerms(options.SuspendAfterDays, options.TerminateAfterDays)
            : new DunningTerms(policy.SuspendAfterDays, policy.TerminateAfterDays);
    }

    private async Task<(int Reminders, bool Suspended, bool Terminated)> WalkAsync(
        Guid invoiceId, Guid poolId, DateTime now, NoticeContext context, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = options.Value;
        var pool = await db.ResourcePools().SingleAsync(p => p.Id == poolId, cancellationToken);
        var invoice = await db.Invoices().SingleAsync(i => i.Id == invoiceId, cancellationToken);
        if (invoice.Status != InvoiceStatus.Open || pool.Status is not (ResourcePoolStatus.Active or ResourcePoolStatus.Suspended))
        {
            return (0, false, false); // Paid meanwhile, or the pool already ended: nothing left to chase.
        }

        var due = invoice.DueAtUtc!.Value;
        var happened = await db.DunningSteps().AsNoTracking().Where(s => s.InvoiceId == invoice.Id).ToListAsync(cancellationToken);
        var terms = TermsFor(await db.PoolDunningPolicies().AsNoTracking().FirstOrDefaultAsync(p => p.PoolPlanId == pool.PoolPlanId, cancellationToken), settings);
        var onHold = await db.DunningHolds().AsNoTracking().AnyAsync(h => h.CustomerId == pool.CustomerId && h.UntilUtc > now, cancellationToken);
        var promised = await db.PromisedPayments().AsNoTracking()
            .AnyAsync(p => p.InvoiceId == invoice.Id && p.Status == PromiseStatus.Active && p.EndsAtUtc > now, cancellationToken);
        var language = await db.Users.AsNoTracking().Where(u => u.Id == pool.CustomerId).Select(u => u.PreferredLanguage).FirstOrDefaultAsync(cancellationToken);
        var changed = false;

        void Record(DunningStepKind kind, int offset, DunningStepOutcome outcome)
        {
            var step = new DunningStep
            {
                InvoiceId = invoice.Id, SubscriptionId = null, CustomerId = invoice.CustomerId,
                Kind = kind, Offset = offset, Outcome = outcome, AtUtc = now,
            };
            db.DunningSteps().Add(step);
            happened.Add(step);
            changed = true;
        }

        // The same catalogue events as a service's dunning, keyed by the step (unique per invoice and step).
        Task NotifyAsync(string eventCode, DunningStepKind step, int offset, string? reasonKey)
        {
            var number = invoice.DisplayNumber ?? "";
            var values = new Dictionary<string, string?>
            {
                ["invoice_number"] = number,
                ["amount"] = NotificationValues.Amount(invoice.GrossTotal, language),
                ["due_date"] = NotificationValues.Date(due, language),
                ["server_name"] = pool.Name.For(language),
                ["reason"] = reasonKey is null ? null : NotificationValues.Text(reasonKey, language, number),
            };
            return notifier.NotifyAsync(db, new NotifyRequest(eventCode, invoice.CustomerId, values,
                DunningSweep.EmailKey(invoice.Id, step, offset), context.CabinetUrl), cancellationToken);
        }

        var reminders = 0;
        var dueReminders = DunningSchedule.Reminders(due, settings)
            .Where(r => r.PlannedAtUtc <= now && !happened.Any(h => h.Kind == r.Kind && h.Offset == r.Offset))
            .ToList();
        for (var i = 0; i < dueReminders.Count; i++)
        {
            var reminder = dueReminders[i];
            var send = i == dueReminders.Count - 1 && pool.Status == ResourcePoolStatus.Active;
            Record(reminder.Kind, reminder.Offset, send ? DunningStepOutcome.Done : DunningStepOutcome.Skipped);
            if (send)
            {
                await NotifyAsync(reminder.Kind == DunningStepKind.ReminderAfterDue ? NotificationCatalogue.Codes.InvoiceOverdue : NotificationCatalogue.Codes.InvoiceReminder,
                    reminder.Kind, reminder.Offset, null);
                reminders++;
            }
        }

        var suspendedNow = false;
        var terminatedNow = false;
        if (pool.Status == ResourcePoolStatus.Active && !onHold && !promised && now >= due.AddDays(terms.SuspendAfterDays)
            && !happened.Any(h => h.Kind == DunningStepKind.Suspension))
        {
            pool.Status = ResourcePoolStatus.Suspended;
            pool.SuspendedAtUtc = now;
            pool.ConcurrencyToken = Guid.NewGuid();
            foreach (var server in await ActiveServersAsync(db, pool.Id, cancellationToken))
            {
                // A server not created yet has nothing to suspend on the panel; the pool is suspended all the same.
                await provisioning.RequestSuspendAsync(db, server.Id, cancellationToken);
            }

            Record(DunningStepKind.Suspension, 0, DunningStepOutcome.Done);
            await NotifyAsync(NotificationCatalogue.Codes.ServiceSuspended, DunningStepKind.Suspension, 0, "Reason.UnpaidInvoice");
            suspendedNow = true;
        }
        else if (pool.Status == ResourcePoolStatus.Suspended && !onHold && pool.SuspendedAtUtc is { } since
            && now >= since.AddDays(terms.TerminateAfterDays) && !happened.Any(h => h.Kind == DunningStepKind.Termination))
        {
            await PoolCancellation.EndAsync(db, pool, provisioning, now, "The pool was terminated for non-payment.", cancellationToken,
                ResourcePoolStatus.Terminated);
            if (invoice.Status == InvoiceStatus.Open)
            {
                invoice.MarkUncollectible("The pool was terminated for non-payment.", now);
            }

            Record(DunningStepKind.Termination, 0, DunningStepOutcome.Done);
            await NotifyAsync(NotificationCatalogue.Codes.ServiceTerminated, DunningStepKind.Termination, 0, "Reason.InvoiceStayedUnpaid");
            terminatedNow = true;
        }

        if (changed)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return (reminders, suspendedNow, terminatedNow);
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
