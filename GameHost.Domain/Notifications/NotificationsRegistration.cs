using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Inbox;
using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Notifications.Staff;
using GameHost.Domain.Notifications.Telegram;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Notifications;

public static class NotificationsRegistration
{
    /// <summary>
    /// The outbox, its dispatcher and the staff queries; the notifier, its dispatcher, inbox, preferences, templates
    /// and channel settings. The host supplies an <see cref="IEmailTransport"/>, the <see cref="INotificationChannel"/>
    /// adapters, <see cref="ITelegramUpdates"/> and <see cref="IUnsubscribeTokens"/>.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<EmailDeliveryOptions>();
        services.AddScoped<EmailOutbox>();
        services.AddScoped<EmailDispatcher>();
        services.AddScoped<ResendEmail>();
        services.AddScoped<EmailOutboxQuery>();

        services.AddOptions<NotificationSiteOptions>();
        services.AddOptions<NotificationDeliveryOptions>();
        services.AddSingleton<NotificationSignals>();
        // Stateless and thread-safe: singletons (provisioning alerts) may raise events too.
        services.AddSingleton<Notifier>();
        // On the store's contexts: a notification saved inside a transaction signals the bells when it commits.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDbTransactionInterceptor, SignalsOnCommit>());
        services.AddScoped<NotificationDispatcher>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<NotificationPreferences>();
        services.AddScoped<UnsubscribeFromEmail>();
        services.AddScoped<ChannelConfig>();
        services.AddScoped<TelegramLinking>();
        services.AddScoped<TemplateEditor>();
        services.AddScoped<DeliveryLog>();
        services.AddScoped<ChannelSettingsAdmin>();
        return services;
    }
}
