using GameHost.Domain.Notifications;

namespace GameHost.App.Features.Notifications;

public static class NotificationsAppRegistration
{
    public static WebApplicationBuilder AddNotificationsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddNotifications();
        return builder;
    }
}
