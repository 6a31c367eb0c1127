using GameHost.Domain.Notifications.Email;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Notifications;

public static class NotificationsRegistration
{
    /// <summary>The outbox, its dispatcher and the staff queries. The host supplies an <see cref="IEmailTransport"/>.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<EmailDeliveryOptions>();
        services.AddScoped<EmailOutbox>();
        services.AddScoped<EmailDispatcher>();
        services.AddScoped<ResendEmail>();
        services.AddScoped<EmailOutboxQuery>();
        return services;
    }
}
