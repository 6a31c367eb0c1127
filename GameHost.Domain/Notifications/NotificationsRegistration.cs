using GameHost.Domain.Notifications.Email;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Notifications;

public static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddScoped<EmailOutbox>();
        return services;
    }
}
