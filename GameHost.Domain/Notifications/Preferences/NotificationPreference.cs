namespace GameHost.Domain.Notifications.Preferences;

/// <summary>A user's choice for one event on one channel; absent means the channel's default.</summary>
public sealed class NotificationPreference
{
    public Guid UserId { get; set; }

    public string EventCode { get; set; } = "";

    public NotificationChannel Channel { get; set; }

    public bool Enabled { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>What a user gets before choosing: in-app, e-mail and a linked Telegram chat yes; paid SMS no.</summary>
    public static bool DefaultFor(NotificationChannel channel) => channel != NotificationChannel.Sms;
}

/// <summary>Where a user can be reached besides e-mail: a linked Telegram chat and a phone number for SMS.</summary>
public sealed class NotificationContact
{
    public Guid UserId { get; set; }

    public long? TelegramChatId { get; set; }

    public string? TelegramUsername { get; set; }

    public DateTime? TelegramLinkedAtUtc { get; set; }

    /// <summary>One-time code the user sends to the bot; unique while set.</summary>
    public string? TelegramLinkCode { get; set; }

    public DateTime? TelegramLinkCodeExpiresAtUtc { get; set; }

    /// <summary>E.164, e.g. <c>+34600111222</c>.</summary>
    public string? PhoneNumber { get; set; }
}
