namespace GameHost.Domain.Notifications;

/// <summary>
/// One event told to one user: the in-app entry (bell and notifications page) and the parent of its channel
/// deliveries. Written by <see cref="Notifier"/> in the same save as the change that raised it.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }

    /// <summary>Unique: the raiser's key plus the recipient, so raising the same event twice notifies once.</summary>
    public string IdempotencyKey { get; set; } = "";

    public Guid UserId { get; set; }

    public string EventCode { get; set; } = "";

    public string Language { get; set; } = "en";

    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    public string? Link { get; set; }

    /// <summary>False when the event does not use the in-app channel for this user (e-mail-only events, or switched off).</summary>
    public bool ShowInApp { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? ReadAtUtc { get; set; }

    public List<NotificationDelivery> Deliveries { get; set; } = [];

    internal const int MaxTitleLength = 300;
    internal const int MaxBodyLength = 8000;
}
