using GameHost.Domain.Notifications.Delivery;

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
public sealed class NotificationDelivery : RetriedSend
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

    public DateTime CreatedAtUtc { get; set; }

    protected override void SetState(SendState state) => Status = state switch
    {
        SendState.Sent => DeliveryStatus.Sent,
        SendState.Failed => DeliveryStatus.Failed,
        _ => DeliveryStatus.Pending,
    };
}
