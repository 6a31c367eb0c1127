namespace GameHost.Domain.Billing.Dunning;

/// <summary>The steps of an unpaid renewal invoice's timeline, in the order they fall due.</summary>
public enum DunningStepKind
{
    /// <summary>A reminder some days before the due date (<see cref="DunningStep.Offset"/> = days before).</summary>
    ReminderBeforeDue = 0,

    /// <summary>A reminder on the due date.</summary>
    ReminderOnDue = 1,

    /// <summary>A reminder some days after the due date (<see cref="DunningStep.Offset"/> = days after).</summary>
    ReminderAfterDue = 2,

    /// <summary>The service is suspended (queued to the panel).</summary>
    Suspension = 3,

    /// <summary>The service is terminated and the server deleted (queued); the invoice is written off.</summary>
    Termination = 4,

    /// <summary>The debt was paid while the service was suspended: the service runs again.</summary>
    Unsuspension = 5,
}

public enum DunningStepOutcome
{
    /// <summary>Carried out (e-mail queued, panel work queued).</summary>
    Done = 0,

    /// <summary>Its moment passed while the sweep did not run and a later step replaced it (no stale reminders).</summary>
    Skipped = 1,
}

/// <summary>
/// One step of an invoice's dunning timeline that has happened. Unique per (invoice, step, offset): the step's e-mail
/// is queued in the same save, so it goes out exactly once however often the sweep runs.
/// </summary>
public sealed class DunningStep
{
    public const int MaxCodeLength = 40;

    public long Id { get; set; }

    public Guid InvoiceId { get; set; }

    public Guid? SubscriptionId { get; set; }

    public Guid CustomerId { get; set; }

    public DunningStepKind Kind { get; set; }

    /// <summary>Days before (reminders before due) or after (reminders after due) the due date; 0 otherwise.</summary>
    public int Offset { get; set; }

    public DunningStepOutcome Outcome { get; set; }

    public DateTime AtUtc { get; set; }
}

/// <summary>How long a tariff's unpaid services keep running: set by staff per tariff, else the defaults apply.</summary>
public sealed class DunningPolicy : IDunningDelays
{
    public Guid TariffId { get; set; }

    /// <summary>Days after the due date the service is suspended.</summary>
    public int SuspendAfterDays { get; set; }

    /// <summary>Days after the suspension the service is terminated.</summary>
    public int TerminateAfterDays { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }
}

/// <summary>
/// How long unpaid resource pools of one pool plan (a pool's tariff) keep running: set by staff per plan, else the
/// defaults apply, exactly as <see cref="DunningPolicy"/> does for a tariff's services.
/// </summary>
public sealed class PoolDunningPolicy : IDunningDelays
{
    public Guid PoolPlanId { get; set; }

    /// <summary>Days after the due date the pool (every server inside) is suspended.</summary>
    public int SuspendAfterDays { get; set; }

    /// <summary>Days after the suspension the pool is terminated.</summary>
    public int TerminateAfterDays { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }
}

/// <summary>
/// A trusted customer staff put on hold: until <see cref="UntilUtc"/> their services are neither suspended nor
/// terminated for unpaid invoices (reminders still go out).
/// </summary>
public sealed class DunningHold
{
    public const int MaxReasonLength = 500;

    public Guid CustomerId { get; set; }

    public string Reason { get; set; } = "";

    public DateTime UntilUtc { get; set; }

    public Guid? SetByUserId { get; set; }

    public DateTime SetAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }
}

/// <summary>The defaults; staff override suspension and termination per tariff.</summary>
public sealed class DunningOptions
{
    public const string Section = "GameHost:Billing:Dunning";

    /// <summary>Reminders this many days before the due date.</summary>
    public List<int> RemindBeforeDays { get; set; } = [3];

    /// <summary>Reminders this many days after the due date.</summary>
    public List<int> RemindAfterDays { get; set; } = [1, 3];

    public int SuspendAfterDays { get; set; } = 5;

    public int TerminateAfterDays { get; set; } = 14;

    /// <summary>An e-mail this many hours before a promised payment runs out.</summary>
    public int PromiseExpiringHours { get; set; } = 24;
}

/// <summary>The delays a tariff's or a pool plan's dunning policy overrides; staff set both through one path.</summary>
public interface IDunningDelays
{
    int SuspendAfterDays { get; set; }

    int TerminateAfterDays { get; set; }

    DateTime UpdatedAtUtc { get; set; }

    Guid ConcurrencyToken { get; set; }
}
