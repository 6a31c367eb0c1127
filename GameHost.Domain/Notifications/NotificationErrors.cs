using GameHost.Domain.Common;

namespace GameHost.Domain.Notifications;

/// <summary>Stable error codes of the notifications feature; the UI words them (NotificationsText).</summary>
public static class NotificationErrors
{
    public const string NotFound = "notifications.not_found";
    public const string UnknownEvent = "notifications.unknown_event";
    public const string ChannelNotOffered = "notifications.channel_not_offered";
    public const string Mandatory = "notifications.mandatory";
    public const string InvalidPhone = "notifications.invalid_phone";
    public const string InvalidToken = "notifications.invalid_unsubscribe_token";
    public const string NotStaff = "notifications.not_staff";
    public const string UnsupportedLanguage = "notifications.unsupported_language";
    public const string TemplateEmpty = "notifications.template_empty";
    public const string TemplateTooLong = "notifications.template_too_long";
    public const string TemplateUnknownPlaceholder = "notifications.template_unknown_placeholder";
    public const string TemplateMalformed = "notifications.template_malformed";
    public const string TelegramNotConfigured = "notifications.telegram_not_configured";
    public const string SmsNotConfigured = "notifications.sms_not_configured";
    public const string InvalidBotToken = "notifications.invalid_bot_token";
    public const string InvalidBotUsername = "notifications.invalid_bot_username";
    public const string InvalidSmsUrl = "notifications.invalid_sms_url";
    public const string InvalidSmsAccount = "notifications.invalid_sms_account";
    public const string InvalidSmsToken = "notifications.invalid_sms_token";
    public const string NoDestination = "notifications.no_destination";
    public const string NotResendable = "notifications.not_resendable";
    public const string Changed = "notifications.changed";
    public const string SendFailed = "notifications.send_failed";

    public static Error Of(string code, string message, string? field = null) => new(code, message, field);
}
