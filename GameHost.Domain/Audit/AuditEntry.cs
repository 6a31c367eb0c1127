namespace GameHost.Domain.Audit;

/// <summary>
/// One staff action: who did what to which subject, when, and the subject's state before and after
/// (JSON snapshots). Append-only: entries are never edited or deleted.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public Guid? ActorUserId { get; set; }

    /// <summary>The actor's e-mail at the time, so the entry reads right even after the actor changes.</summary>
    public string ActorName { get; set; } = "";

    /// <summary>A stable action code, e.g. <c>customer.locked</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>The kind of thing acted on, e.g. <c>Customer</c>.</summary>
    public string SubjectType { get; set; } = "";

    public string SubjectId { get; set; } = "";

    public string? BeforeJson { get; set; }

    public string? AfterJson { get; set; }

    public string? CorrelationId { get; set; }
}
