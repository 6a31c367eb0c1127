using GameHost.Domain.Accounts;
using GameHost.Domain.Billing.PromisedPayments;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Dunning;

public sealed record DunningSweepResult(int Reminders, int Suspensions, int Terminations, int PromisesKept, int PromisesBroken, int PromiseNotices)
{
    public bool IsIdle => Reminders + Suspensions + Terminations + PromisesKept + PromisesBroken + PromiseNotices == 0;

    public string ToSummary() =>
        $"{Reminders} reminders, {Suspensions} suspensions, {Terminations} terminations; promises: {PromisesKept} kept, {PromisesBroken} broken, {PromiseNotices} expiry notices";
}

/// <summary>
/// Walks every open renewal invoice along its timeline: reminders before, on and after the due date, the suspension
/// N days after it (unless staff put the customer on hold or a promised payment is running), the termination M days
/// after the suspension (the server is deleted and the invoice written off as uncollectible). Each step is a
/// <see cref="DunningStep"/> row, unique per invoice and step, saved with its e-mail and its panel work in one
/// transaction: however often (or concurrently) the sweep runs, each step happens once. A late run sends only the
/// latest reminder that fell due and records the earlier ones as skipped, never a stale "due in 3 days".
/// </summary>
public sealed class DunningSweep(
    IDbContextFactory<GameHostDbContext> contexts,
    ProvisioningRequests provisioning,
    IOptions<DunningOptions> options,
    TimeProvider time,
    Notifier notifier)
{
    public const int BatchSize = 200;
    public const int MaxAttempts = 5;

    public static string EmailKey(Guid invoiceId, DunningStepKind kind, int offset) => $"dunning:{invoiceId:N}:{kind}:{offset}";

    public async Task<DunningSweepResult> RunAsync(NoticeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var promises = await RetryAsync(() => SettlePromisesAsync(context, cancellationToken));
        var tally = new int[3];
        foreach (var chunk in (await CandidatesAsync(cancellationToken)).Chunk(BatchSize))
        {
            var done = await RetryAsync(() => WalkAsync(chunk, context, cancellationToken));
            for (var i = 0; i < tally.Length; i++)
            {
                tally[i] += done[i];
            }
        }

        return new DunningSweepResult(tally[0], tally[1], tally[2], promises[0], promises[1], promises[2]);
    }

    /// <summary>The suspension and termination delays for a tariff: staff's per-tariff setting, else the defaults.</summary>
    public static DunningTerms TermsFor(DunningPolicy? policy, DunningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return policy is null
            ? new DunningTerms(options.SuspendAfterDays, options.TerminateAfterDays)
            : new DunningTerms(policy.SuspendAfterDays, policy.TerminateAfterDays);
    }

    private static async Task<int[]> RetryAsync(Func<Task<int[]>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception exception) when (IsLostRace(exception) && attempt < MaxAttempts)
            {
                // A concurrent run wrote the same step first; nothing of this batch was kept. Read again.
            }
        }
    }

    private async Task<List<Guid>> CandidatesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var horizon = time.GetUtcNow().UtcDateTime.AddDays(options.Value.RemindBeforeDays.DefaultIfEmpty(0).Max());
        return await db.Invoices().AsNoTracking()
            .Where(i => i.Status == InvoiceStatus.Open && i.SubscriptionId != null && i.ServicePeriodStartUtc != null
                && i.DueAtUtc != null && i.DueAtUtc <= horizon)
            .OrderBy(i => i.DueAtUtc).Select(i => i.Id)
            .ToListAsync(cancellationToken);
    }

    /// <returns>reminders, suspensions, terminations.</returns>
    private async Task<int[]> WalkAsync(Guid[] ids, NoticeContext context, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        var invoices = await db.Invoices().Where(i => ids.Contains(i.Id) && i.Status == InvoiceStatus.Open).ToListAsync(cancellationToken);
        var subscriptionIds = invoices.Select(i => i.SubscriptionId!.Value).Distinct().ToList();
        var subscriptions = await db.Subscriptions().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var steps = (await db.DunningSteps().AsNoTracking().Where(s => ids.Contains(s.InvoiceId)).ToListAsync(cancellationToken))
            .ToLookup(s => s.InvoiceId);
        var tariffIds = subscriptions.Values.Select(s => s.TariffId).Distinct().ToList();
        var policies = await db.DunningPolicies().AsNoTracking().Where(p => tariffIds.Contains(p.TariffId)).ToDictionaryAsync(p => p.TariffId, cancellationToken);
        var customerIds = invoices.Select(i => i.CustomerId).Distinct().ToList();
        var holds = (await db.DunningHolds().AsNoTracking().Where(h => customerIds.Contains(h.CustomerId) && h.UntilUtc > now)
            .Select(h => h.CustomerId).ToListAsync(cancellationToken)).ToHashSet();
        var promised = (await db.PromisedPayments().AsNoTracking()
            .Where(p => ids.Contains(p.InvoiceId) && p.Status == PromiseStatus.Active && p.EndsAtUtc > now)
            .Select(p => p.InvoiceId).ToListAsync(cancellationToken)).ToHashSet();
        var languages = await db.Users.AsNoTracking().Where(u => customerIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.PreferredLanguage, cancellationToken);
        var counts = new int[3];

        foreach (var invoice in invoices)
        {
            if (!subscriptions.TryGetValue(invoice.SubscriptionId!.Value, out var subscription)
                || subscription.Status is not (SubscriptionStatus.Active or SubscriptionStatus.Suspended))
            {
                continue; // Cancelled or already ended: nothing left to chase.
            }

            var due = invoice.DueAtUtc!.Value;
            var happened = steps[invoice.Id].ToList();
            var terms = TermsFor(policies.GetValueOrDefault(subscription.TariffId), settings);
            var language = languages.GetValueOrDefault(invoice.CustomerId);
            void Record(DunningStepKind kind, int offset, DunningStepOutcome outcome)
            {
                var step = new DunningStep
                {
                    InvoiceId = invoice.Id, SubscriptionId = subscription.Id, CustomerId = invoice.CustomerId,
                    Kind = kind, Offset = offset, Outcome = outcome, AtUtc = now,
                };
                db.DunningSteps().Add(step);
                happened.Add(step);
            }

            // Each step raises its catalogue event once: the notifier's key is the step's (unique per invoice and step).
            async Task NotifyAsync(string eventCode, DunningStepKind step, int offset, string? reasonKey)
            {
                var number = invoice.DisplayNumber ?? "";
                var values = new Dictionary<string, string?>
                {
                    ["invoice_number"] = number,
                    ["amount"] = NotificationValues.Amount(invoice.GrossTotal, language),
                    ["due_date"] = NotificationValues.Date(due, language),
                    ["server_name"] = subscription.ServerName,
                    ["reason"] = reasonKey is null ? null : NotificationValues.Text(reasonKey, language, number),
                };
                await notifier.NotifyAsync(db, new NotifyRequest(eventCode, invoice.CustomerId, values, EmailKey(invoice.Id, step, offset), context.CabinetUrl), cancellationToken);
            }

            var dueReminders = DunningSchedule.Reminders(due, settings)
                .Where(r => r.PlannedAtUtc <= now && !happened.Any(h => h.Kind == r.Kind && h.Offset == r.Offset))
                .ToList();
            for (var i = 0; i < dueReminders.Count; i++)
            {
                var reminder = dueReminders[i];
                var send = i == dueReminders.Count - 1 && subscription.Status == SubscriptionStatus.Active;
                Record(reminder.Kind, reminder.Offset, send ? DunningStepOutcome.Done : DunningStepOutcome.Skipped);
                if (send)
                {
                    var eventCode = reminder.Kind == DunningStepKind.ReminderAfterDue
                        ? NotificationCatalogue.Codes.InvoiceOverdue
                        : NotificationCatalogue.Codes.InvoiceReminder;
                    await NotifyAsync(eventCode, reminder.Kind, reminder.Offset, null);
                    counts[0]++;
                }
            }

            var onHold = holds.Contains(invoice.CustomerId);
            if (subscription.Status == SubscriptionStatus.Active && !onHold && !promised.Contains(invoice.Id)
                && now >= due.AddDays(terms.SuspendAfterDays) && !happened.Any(h => h.Kind == DunningStepKind.Suspension))
            {
                subscription.Status = SubscriptionStatus.Suspended;
                subscription.ConcurrencyToken = Guid.NewGuid();
                // No server yet (never created) leaves nothing to suspend on the panel; the service is suspended all the same.
                await provisioning.RequestSuspendAsync(db, subscription.Id, cancellationToken);
                Record(DunningStepKind.Suspension, 0, DunningStepOutcome.Done);
                await NotifyAsync(NotificationCatalogue.Codes.ServiceSuspended, DunningStepKind.Suspension, 0, "Reason.UnpaidInvoice");
                counts[1]++;
            }

            var suspended = happened.FirstOrDefault(h => h.Kind == DunningStepKind.Suspension);
            if (suspended is not null && subscription.Status == SubscriptionStatus.Suspended && !onHold
                && now >= suspended.AtUtc.AddDays(terms.TerminateAfterDays) && !happened.Any(h => h.Kind == DunningStepKind.Termination))
            {
                subscription.Status = SubscriptionStatus.Terminated;
                subscription.ConcurrencyToken = Guid.NewGuid();
                await provisioning.RequestDeleteAsync(db, subscription.Id, cancellationToken);
                invoice.MarkUncollectible();
                Record(DunningStepKind.Termination, 0, DunningStepOutcome.Done);
                await NotifyAsync(NotificationCatalogue.Codes.ServiceTerminated, DunningStepKind.Termination, 0, "Reason.InvoiceStayedUnpaid");
                counts[2]++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>Promises whose invoice was paid are kept; those that ran out unpaid are broken; those about to end get one notice.</summary>
    /// <returns>kept, broken, notices.</returns>
    private async Task<int[]> SettlePromisesAsync(NoticeContext context, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var noticeFrom = now.AddHours(options.Value.PromiseExpiringHours);
        var active = await db.PromisedPayments().Where(p => p.Status == PromiseStatus.Active).ToListAsync(cancellationToken);
        var counts = new int[3];
        if (active.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return counts;
        }

        var invoiceIds = active.Select(p => p.InvoiceId).ToList();
        var invoices = await db.Invoices().AsNoTracking().Where(i => invoiceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var customerIds = active.Select(p => p.CustomerId).Distinct().ToList();
        var languages = await db.Users.AsNoTracking().Where(u => customerIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.PreferredLanguage, cancellationToken);
        foreach (var promise in active)
        {
            var invoice = invoices[promise.InvoiceId];
            if (invoice.Status == InvoiceStatus.Paid)
            {
                Settle(promise, PromiseStatus.Kept, now);
                counts[0]++;
            }
            else if (invoice.Status != InvoiceStatus.Open || promise.EndsAtUtc <= now)
            {
                Settle(promise, PromiseStatus.Broken, now);
                counts[1]++;
            }
            else if (promise.ExpiringNoticeAtUtc is null && promise.EndsAtUtc <= noticeFrom)
            {
                promise.ExpiringNoticeAtUtc = now;
                promise.ConcurrencyToken = Guid.NewGuid();
                var language = languages.GetValueOrDefault(promise.CustomerId);
                var values = new Dictionary<string, string?>
                {
                    ["amount"] = NotificationValues.Amount(invoice.GrossTotal, language),
                    ["until"] = NotificationValues.DateAndTime(promise.EndsAtUtc, language),
                };
                await notifier.NotifyAsync(db, new NotifyRequest(
                    NotificationCatalogue.Codes.PromisedPaymentExpiring, promise.CustomerId, values, $"promise-expiring:{promise.Id:N}", context.CabinetUrl), cancellationToken);

                counts[2]++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    private static void Settle(PromisedPayment promise, PromiseStatus status, DateTime now)
    {
        promise.Status = status;
        promise.SettledAtUtc = now;
        promise.ConcurrencyToken = Guid.NewGuid();
    }

    private static bool IsLostRace(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: SqliteException { SqliteErrorCode: 19 or 5 or 6 } } => true,
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        _ => false,
    };
}
