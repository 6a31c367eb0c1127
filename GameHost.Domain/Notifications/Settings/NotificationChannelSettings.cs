namespace GameHost.Domain.Notifications.Settings;

/// <summary>
/// The company's Telegram bot and SMS provider (one row). Secrets are stored protected by
/// <see cref="Common.ISecretProtector"/> and never shown back in full.
/// </summary>
public sealed class NotificationChannelSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public bool TelegramEnabled { get; set; }

    public string? TelegramBotTokenProtected { get; set; }

    /// <summary>The bot's @name, for the "open the bot" link shown to users.</summary>
    public string? TelegramBotUsername { get; set; }

    /// <summary>Next getUpdates offset: updates below it were processed.</summary>
    public long TelegramUpdateOffset { get; set; }

    public bool SmsEnabled { get; set; }

    /// <summary>Twilio-compatible API root, e.g. <c>https://api.twilio.com</c>.</summary>
    public string? SmsBaseUrl { get; set; }

    public string? SmsAccountSid { get; set; }

    public string? SmsAuthTokenProtected { get; set; }

    public string? SmsFromNumber { get; set; }

    public DateTime? UpdatedAtUtc { get; set; }

    public int Version { get; set; }
}
