namespace GameHost.Domain.Billing.Dunning;

/// <summary>One entry of an invoice's timeline: when it is planned and, once it happened, when and how.</summary>
public sealed record DunningTimelineEntry(DunningStepKind Kind, int Offset, DateTime PlannedAtUtc, DateTime? HappenedAtUtc, DunningStepOutcome? Outcome);

/// <summary>The suspension and termination delays that apply to one service.</summary>
public sealed record DunningTerms(int SuspendAfterDays, int TerminateAfterDays);

/// <summary>
/// The plan of an unpaid renewal invoice: reminders before, on and after the due date, the suspension N days after
/// it and the termination M days after the suspension actually happened (a hold or a promise can push it later).
/// </summary>
public static class DunningSchedule
{
    public static IReadOnlyList<DunningTimelineEntry> Reminders(DateTime dueAtUtc, DunningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entries = new List<DunningTimelineEntry>();
        foreach (var days in options.RemindBeforeDays.Where(d => d > 0).Distinct().OrderDescending())
        {
            entries.Add(new(DunningStepKind.ReminderBeforeDue, days, dueAtUtc.AddDays(-days), null, null));
        }

        entries.Add(new(DunningStepKind.ReminderOnDue, 0, dueAtUtc, null, null));
        foreach (var days in options.RemindAfterDays.Where(d => d > 0).Distinct().Order())
        {
            entries.Add(new(DunningStepKind.ReminderAfterDue, days, dueAtUtc.AddDays(days), null, null));
        }

        return entries;
    }

    /// <summary>The whole timeline with what already happened filled in, ordered by time.</summary>
    public static IReadOnlyList<DunningTimelineEntry> Timeline(
        DateTime dueAtUtc, DunningTerms terms, DunningOptions options, IReadOnlyCollection<DunningStep> happened)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(happened);
        DunningTimelineEntry Fill(DunningTimelineEntry entry)
        {
            var step = happened.FirstOrDefault(s => s.Kind == entry.Kind && s.Offset == entry.Offset);
            return step is null ? entry : entry with { HappenedAtUtc = step.AtUtc, Outcome = step.Outcome };
        }

        var entries = Reminders(dueAtUtc, options).Select(Fill).ToList();
        var suspension = Fill(new(DunningStepKind.Suspension, 0, dueAtUtc.AddDays(terms.SuspendAfterDays), null, null));
        entries.Add(suspension);
        var suspendedAt = suspension.HappenedAtUtc ?? suspension.PlannedAtUtc;
        entries.Add(Fill(new(DunningStepKind.Termination, 0, suspendedAt.AddDays(terms.TerminateAfterDays), null, null)));
        foreach (var step in happened.Where(s => s.Kind == DunningStepKind.Unsuspension))
        {
            entries.Add(new(DunningStepKind.Unsuspension, 0, step.AtUtc, step.AtUtc, step.Outcome));
        }

        return entries.OrderBy(e => e.HappenedAtUtc ?? e.PlannedAtUtc).ToList();
    }
}
