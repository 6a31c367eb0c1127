using GameHost.Domain.Provisioning.Panel;

namespace GameHost.Domain.Provisioning.Tasks;

public enum ProvisioningTaskKind
{
    /// <summary>Find or create the customer's panel user.</summary>
    EnsurePanelUser = 0,

    /// <summary>Create the server, or adopt the one the panel already has under our subscription id.</summary>
    CreateServer = 1,

    /// <summary>Poll the panel until the install script finished.</summary>
    WaitForInstall = 2,

    /// <summary>Send the full build state (limits, feature limits) of the desired spec.</summary>
    ApplyBuild = 3,

    /// <summary>Send the new egg, image, startup and complete environment, then reinstall.</summary>
    ChangeGame = 4,

    Reinstall = 5,

    Suspend = 6,

    Unsuspend = 7,

    Delete = 8,
}

public enum ProvisioningTaskState
{
    /// <summary>Waits for its due time (and for the server's earlier tasks).</summary>
    Pending = 0,

    /// <summary>Claimed by a processor until its lease runs out.</summary>
    Running = 1,

    Done = 2,

    /// <summary>In the admin queue: staff retry it, cancel it or mark it done.</summary>
    Failed = 3,

    Cancelled = 4,
}

/// <summary>
/// One piece of work on the panel (an outbox row): written in the same save as the change that needs it, carried out
/// by the processor with retries and backoff, and visible to staff. The tasks of one server run one at a time in
/// <see cref="Sequence"/> order.
/// </summary>
public sealed class ProvisioningTask
{
    public const int MaxErrorDetailLength = 2000;

    public long Id { get; set; }

    public Guid GameServerId { get; set; }

    public ProvisioningTaskKind Kind { get; set; }

    public ProvisioningTaskState State { get; set; }

    /// <summary>Order among the server's tasks; a follow-up (waiting for an install) shares its parent's number.</summary>
    public int Sequence { get; set; }

    /// <summary>Failed attempts so far (rate limits and waiting do not count).</summary>
    public int Attempts { get; set; }

    public DateTime DueAtUtc { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAtUtc { get; set; }

    /// <summary>How far a multi-step task got (e.g. the startup was sent, the reinstall not yet), so a retry does not repeat a step that must run once.</summary>
    public int Step { get; set; }

    /// <summary>When the current wait (for an install) began.</summary>
    public DateTime? StepStartedAtUtc { get; set; }

    /// <summary>What went wrong last: a panel failure kind or one of ours (e.g. <c>install_failed</c>).</summary>
    public string? LastErrorKind { get; set; }

    /// <summary>The panel's exception short name, e.g. <c>NoViableNodeException</c>.</summary>
    public string? LastErrorCode { get; set; }

    public string? LastErrorDetail { get; set; }

    public string? LastErrorField { get; set; }

    public int? LastErrorHttpStatus { get; set; }

    public DateTime? LastAttemptAtUtc { get; set; }

    /// <summary>How often the task has entered the admin queue; each entry alerts staff once.</summary>
    public int TimesFailed { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    /// <summary>Staff's reason when they cancelled it, or why it was superseded.</summary>
    public string? CancelReason { get; set; }

    /// <summary>Changes on every write: a processor whose lease ran out cannot record over the next owner's work.</summary>
    public Guid ConcurrencyToken { get; set; }

    public static ProvisioningTask New(Guid serverId, ProvisioningTaskKind kind, int sequence, DateTime nowUtc) => new()
    {
        GameServerId = serverId,
        Kind = kind,
        State = ProvisioningTaskState.Pending,
        Sequence = sequence,
        DueAtUtc = nowUtc,
        CreatedAtUtc = nowUtc,
        ConcurrencyToken = Guid.NewGuid(),
    };

    public void RecordError(string kind, string? code, string? detail, string? field, int? httpStatus)
    {
        LastErrorKind = kind;
        LastErrorCode = code;
        LastErrorDetail = detail is { Length: > MaxErrorDetailLength } ? detail[..MaxErrorDetailLength] : detail;
        LastErrorField = field;
        LastErrorHttpStatus = httpStatus;
    }

    public void RecordError(PanelFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        RecordError(failure.Kind.ToString(), failure.Code, failure.Detail, failure.SourceField, failure.HttpStatus);
    }

    public bool IsOpen => State is ProvisioningTaskState.Pending or ProvisioningTaskState.Running or ProvisioningTaskState.Failed;
}

/// <summary>
/// The provisioning queue as a whole (one row). A credentials failure pauses it: every call would fail the same way,
/// so only the task that found the problem is tried again, now and then, until it gets through or staff retry.
/// </summary>
public sealed class ProvisioningQueueState
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public DateTime? PausedAtUtc { get; set; }

    /// <summary>The task that found the credentials failure; it alone is tried while the queue is paused.</summary>
    public long? PausedByTaskId { get; set; }

    public string? PauseCode { get; set; }

    public string? PauseDetail { get; set; }

    public bool IsPaused => PausedAtUtc is not null;
}
