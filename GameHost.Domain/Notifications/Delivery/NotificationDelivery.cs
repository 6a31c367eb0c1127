namespace GameHost.Domain.Notifications;

public enum DeliveryStatus
{
    Pending = 0,
    Sent = 1,

    /// <summary>Permanent refusal or attempts used up; staff can resend.</summary>
    Failed = 2,

    /// <summary>An e-mail: handed to the e-mail outbox, whose row carries attempts and errors.</summary>
    InEmailOutbox = 3,
}

/// <summary>
/// One notification on one outside channel (e-mail, Telegram, SMS): what was sent where, how often it was tried and
/// the last error. Telegram and SMS rows are carried out by the notification dispatcher with retries and backoff;
/// an e-mail row points at its <see cref="Email.OutboundEmail"/>, which the e-mail dispatcher carries out.
/// </summary>
public sealed class NotificationDelivery
{
    public Guid Id { get; set; }

    public Guid NotificationId { get; set; }

    public Guid UserId { get; set; }

    public string EventCode { get; set; } = "";

    public NotificationChannel Channel { get; set; }

    /// <summary>The address on that channel: e-mail address, Telegram chat id, phone number.</summary>
    public string Destination { get; set; } = "";

    public string? Subject { get; set; }

    public string Body { get; set; } = "";

    public Guid? OutboundEmailId { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime NextAttemptAtUtc { get; set; }

    public DateTime? SentAtUtc { get; set; }

    public string? LastError { get; set; }

    /// <summary>Concurrency token bumped by every state change (see the e-mail outbox for why).</summary>
    public int Version { get; set; }

    public void Claim(DateTime leaseUntilUtc)
    {
        Attempts++;
        NextAttemptAtUtc = leaseUntilUtc;
        Version++;
    }

    public void MarkSent(DateTime sentAtUtc)
    {
        Status = DeliveryStatus.Sent;
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
        Status = DeliveryStatus.Failed;
        LastError = Truncate(error);
        Version++;
    }

    /// <summary>Staff asked to send it again: a fresh set of attempts, due at once; the last error stays for the record.</summary>
    public void Requeue(DateTime nowUtc)
    {
        Status = DeliveryStatus.Pending;
        Attempts = 0;
        NextAttemptAtUtc = nowUtc;
        Version++;
    }

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];

    internal const int MaxErrorLength = 2000;
}
