namespace GameHost.Domain.Notifications.Templates;

/// <summary>A staff-edited template for one event, channel and language; without one, the shipped default applies.</summary>
public sealed class NotificationTemplateOverride
{
    public Guid Id { get; set; }

    public string EventCode { get; set; } = "";

    public NotificationChannel Channel { get; set; }

    public string Language { get; set; } = "en";

    /// <summary>E-mail subject, in-app and Telegram title; unused for SMS.</summary>
    public string? Subject { get; set; }

    public string Body { get; set; } = "";

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}
