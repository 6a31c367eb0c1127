namespace GameHost.Domain.Notifications.Delivery;

/// <summary>Where a retried send stands; each outbox row maps it onto its own status.</summary>
public enum SendState
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>
/// The retry bookkeeping shared by every outbox row that talks to the outside world (an <see cref="Email.OutboundEmail"/>,
/// a Telegram or SMS <see cref="NotificationDelivery"/>): attempts, the next attempt (which doubles as the lease of a
/// claimed row), the last error, and a concurrency token bumped by every change, so two dispatchers (or a dispatcher
/// and a staff resend) that read the same row cannot both write it: the second save fails and backs off. One schedule
/// for all of them: <see cref="RetryDelay"/>.
/// </summary>
public abstract class RetriedSend
{
    public const int MaxErrorLength = 2000;

    public int Attempts { get; set; }

    public DateTime NextAttemptAtUtc { get; set; }

    public DateTime? SentAtUtc { get; set; }

    public string? LastError { get; set; }

    /// <summary>Optimistic concurrency token, bumped by every state change below.</summary>
    public int Version { get; set; }

    /// <summary>
    /// Takes the row for one attempt: it stops being due until <paramref name="leaseUntilUtc"/>, and the attempt is
    /// counted now, so a process that dies mid-send still uses up an attempt.
    /// </summary>
    public void Claim(DateTime leaseUntilUtc)
    {
        Attempts++;
        NextAttemptAtUtc = leaseUntilUtc;
        Version++;
    }

    public void MarkSent(DateTime sentAtUtc)
    {
        SetState(SendState.Sent);
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

    /// <summary>Permanent refusal or attempts used up; staff can resend.</summary>
    public void MarkFailed(string error)
    {
        SetState(SendState.Failed);
        LastError = Truncate(error);
        Version++;
    }

    /// <summary>Staff asked to try again: a fresh set of attempts, due at once. The last error stays for the record.</summary>
    public void Requeue(DateTime nowUtc)
    {
        SetState(SendState.Pending);
        Attempts = 0;
        NextAttemptAtUtc = nowUtc;
        Version++;
    }

    /// <summary>
    /// The wait after <paramref name="attempts"/> failed attempts: doubling from <paramref name="first"/> up to
    /// <paramref name="max"/>, then shortened by up to a fifth so rows that failed together (a relay or provider outage)
    /// do not all return together — the jitter comes from the row id, so it is reproducible — and never shorter than
    /// what the provider asked for (<paramref name="providerRetryAfter"/>).
    /// </summary>
    public static TimeSpan RetryDelay(Guid id, int attempts, TimeSpan first, TimeSpan max, TimeSpan? providerRetryAfter = null)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var raw = Math.Min(first.TotalSeconds * Math.Pow(2, exponent), max.TotalSeconds);
        var spread = BitConverter.ToUInt16(id.ToByteArray(), attempts % 8 * 2) / (double)ushort.MaxValue;
        var delay = TimeSpan.FromSeconds(raw * (1 - (0.2 * spread)));
        return providerRetryAfter is { } asked && asked > delay ? asked : delay;
    }

    /// <summary>Moves the row's own status column to the shared state.</summary>
    protected abstract void SetState(SendState state);

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
}
