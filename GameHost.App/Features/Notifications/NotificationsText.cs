namespace GameHost.App.Features.Notifications;

/// <summary>Marker for the notifications strings (NotificationsText.resx, NotificationsText.es.resx).</summary>
public sealed class NotificationsText;
