namespace GameHost.Domain.Notifications;

/// <summary>Where a notification reaches its recipient. Stored as the number; never renumber.</summary>
public enum NotificationChannel
{
    /// <summary>The bell in the app bar and the notifications page.</summary>
    InApp = 0,

    /// <summary>Through the e-mail outbox (SMTP or the pickup folder).</summary>
    Email = 1,

    /// <summary>A message from the company's bot to the chat the user linked.</summary>
    Telegram = 2,

    /// <summary>A text message through the configured Twilio-compatible provider.</summary>
    Sms = 3,
}

public static class NotificationChannels
{
    public static readonly IReadOnlyList<NotificationChannel> All =
        [NotificationChannel.InApp, NotificationChannel.Email, NotificationChannel.Telegram, NotificationChannel.Sms];

    /// <summary>Lower-case name used in template keys and URLs.</summary>
    public static string Key(this NotificationChannel channel) => channel switch
    {
        NotificationChannel.InApp => "inapp",
        NotificationChannel.Email => "email",
        NotificationChannel.Telegram => "telegram",
        NotificationChannel.Sms => "sms",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };
}
