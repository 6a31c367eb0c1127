namespace GameHost.Domain.Notifications.Delivery;

/// <summary>
/// Port: one outside channel (Telegram, SMS). Adapters map every outside failure to a <see cref="ChannelSendResult"/>
/// — transient (try again, maybe after the provider's own wait) or permanent (the user blocked the bot, the number is
/// invalid) — and never throw for them; the dispatcher decides what to do.
/// </summary>
public interface INotificationChannel
{
    NotificationChannel Channel { get; }

    Task<ChannelSendResult> SendAsync(ChannelMessage message, CancellationToken cancellationToken);
}

/// <summary>What to send. <see cref="DeliveryId"/> is stable across retries.</summary>
public sealed record ChannelMessage(Guid DeliveryId, string Destination, string Text);

public enum ChannelSendOutcome
{
    Sent = 0,
    TransientFailure = 1,
    PermanentFailure = 2,
}

public sealed record ChannelSendResult(ChannelSendOutcome Outcome, string? Message, TimeSpan? RetryAfter = null)
{
    public static ChannelSendResult Sent() => new(ChannelSendOutcome.Sent, null);

    public static ChannelSendResult Transient(string message, TimeSpan? retryAfter = null) => new(ChannelSendOutcome.TransientFailure, message, retryAfter);

    public static ChannelSendResult Permanent(string message) => new(ChannelSendOutcome.PermanentFailure, message);
}
