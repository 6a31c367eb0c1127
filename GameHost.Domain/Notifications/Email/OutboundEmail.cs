namespace GameHost.Domain.Notifications.Email;

public enum OutboundEmailStatus
{
    Pending = 0,
    Sent = 1,

    /// <summary>Gave up after the maximum number of attempts; staff can resend.</summary>
    Failed = 2,
}

/// <summary>
/// An e-mail waiting in the outbox. Written in the same save as whatever caused it; a job delivers it
/// with retries, so a slow or broken mail server never fails the user's request.
/// </summary>
public sealed class OutboundEmail
{
    public Guid Id { get; set; }

    /// <summary>Optional de-duplication key (unique): enqueueing the same key twice keeps one message.</summary>
    public string? IdempotencyKey { get; set; }

    public string ToAddress { get; set; } = "";

    public string? ToName { get; set; }

    public string Subject { get; set; } = "";

    public string TextBody { get; set; } = "";

    public string? HtmlBody { get; set; }

    /// <summary>What raised it, e.g. <c>account.confirm_email</c>; the notifications feature keys templates by it.</summary>
    public string Category { get; set; } = "";

    public Guid? UserId { get; set; }

    /// <summary>One-click unsubscribe address of an optional notification; sent as the List-Unsubscribe header.</summary>
    public string? UnsubscribeUrl { get; set; }

    public OutboundEmailStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime NextAttemptAtUtc { get; set; }

    public DateTime? SentAtUtc { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// Optimistic concurrency token, bumped by every state change below. Two dispatchers (or a dispatcher and a
    /// staff resend) that read the same row cannot both write it: the second save fails and backs off.
    /// </summary>
    public int Version { get; set; }

    public bool IsDue(DateTime nowUtc) => Status == OutboundEmailStatus.Pending && NextAttemptAtUtc <= nowUtc;

    /// <summary>
    /// Takes the message for one delivery attempt: it stops being due until <paramref name="leaseUntilUtc"/>, and
    /// the attempt is counted now, so a process that dies mid-send still uses up an attempt.
    /// </summary>
    public void Claim(DateTime leaseUntilUtc)
    {
        Attempts++;
        NextAttemptAtUtc = leaseUntilUtc;
        Version++;
    }

    public void MarkSent(DateTime sentAtUtc)
    {
        Status = OutboundEmailStatus.Sent;
        SentAtUtc = sentAtUtc;
        LastError = null;
        Version++;
    }

    public void ScheduleRetry(DateTime nextAttemptAtUtc, string error)
    {
        NextAttemptAtUtc = nextAttemptAtUtc;
        LastError = Truncate(error);
        Version++;
    }

    public void MarkFailed(string error)
    {
        Status = OutboundEmailStatus.Failed;
        LastError = Truncate(error);
        Version++;
    }

    /// <summary>Staff asked to try again: a fresh set of attempts, due at once. The last error stays for the record.</summary>
    public void Requeue(DateTime nowUtc)
    {
        Status = OutboundEmailStatus.Pending;
        Attempts = 0;
        NextAttemptAtUtc = nowUtc;
        Version++;
    }

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];

    internal const int MaxErrorLength = 2000;
}
