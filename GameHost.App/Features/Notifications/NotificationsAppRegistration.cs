using GameHost.App.Features.Notifications.Email;
using GameHost.App.Features.Notifications.Jobs;
using GameHost.App.Features.Notifications.Sms;
using GameHost.App.Features.Notifications.Telegram;
using GameHost.App.Features.Notifications.Unsubscribe;
using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Hosting;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Telegram;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Notifications;

public static class NotificationsAppRegistration
{
    public static WebApplicationBuilder AddNotificationsFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddNotifications();

        var dataFolder = builder.Configuration.GetGameHostOptions();
        services.AddOptions<EmailSettings>()
            .BindConfiguration(EmailSettings.Section)
            .PostConfigure(s => s.PickupDirectory = Path.GetFullPath(dataFolder.ExpandDataDirectory(s.PickupDirectory)));
        services.AddOptions<EmailDeliveryOptions>().BindConfiguration(EmailDeliveryOptions.Section);

        // No SMTP host configured → .eml files in the pickup folder, so a fresh checkout works without a relay.
        services.AddScoped<SmtpEmailTransport>();
        services.AddScoped<PickupDirectoryEmailTransport>();
        services.AddScoped<IEmailTransport>(sp => sp.GetRequiredService<IOptions<EmailSettings>>().Value.UsesSmtp
            ? sp.GetRequiredService<SmtpEmailTransport>()
            : sp.GetRequiredService<PickupDirectoryEmailTransport>());
        services.AddHostedService<EmailTransportAnnouncement>();

        var pollSeconds = Math.Max(1, builder.Configuration.GetValue("Email:Outbox:PollSeconds", 5));
        builder.AddScheduledJob<DispatchEmailJob>(new JobDefinition(
            DispatchEmailJob.Name, typeof(DispatchEmailJob), TimeSpan.FromSeconds(pollSeconds), typeof(NotificationsText), "JobDispatchEmail"));

        // In-app, Telegram and SMS notifications (docs/decisions/0010-notification-events-and-channels.md).
        services.AddOptions<NotificationSiteOptions>().BindConfiguration(NotificationSiteOptions.Section);
        services.AddOptions<NotificationDeliveryOptions>().BindConfiguration(NotificationDeliveryOptions.Section);
        services.AddOptions<TelegramOptions>().BindConfiguration(TelegramOptions.Section);
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section);
        services.AddHttpClient(TelegramBotAdapter.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(TwilioCompatibleSmsChannel.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<TelegramBotAdapter>();
        services.AddScoped<INotificationChannel>(sp => sp.GetRequiredService<TelegramBotAdapter>());
        services.AddScoped<ITelegramUpdates>(sp => sp.GetRequiredService<TelegramBotAdapter>());
        services.AddScoped<INotificationChannel, TwilioCompatibleSmsChannel>();
        services.AddSingleton<IUnsubscribeTokens, DataProtectionUnsubscribeTokens>();
        services.AddHttpContextAccessor();
        services.AddScoped<SignIn.NewSignInNotice>();

        var deliverySeconds = Math.Max(1, builder.Configuration.GetValue("Notifications:Delivery:PollSeconds", 5));
        builder.AddScheduledJob<DispatchNotificationsJob>(new JobDefinition(
            DispatchNotificationsJob.Name, typeof(DispatchNotificationsJob), TimeSpan.FromSeconds(deliverySeconds), typeof(NotificationsText), "JobDispatchNotifications"));
        var telegramSeconds = Math.Max(1, builder.Configuration.GetValue("Notifications:Telegram:PollSeconds", 10));
        builder.AddScheduledJob<PollTelegramJob>(new JobDefinition(
            PollTelegramJob.Name, typeof(PollTelegramJob), TimeSpan.FromSeconds(telegramSeconds), typeof(NotificationsText), "JobPollTelegram"));
        return builder;
    }

    /// <summary>
    /// The one-click unsubscribe of RFC 8058: mail clients POST <c>List-Unsubscribe=One-Click</c> to the address in
    /// the List-Unsubscribe header. People following the link land on the confirmation page instead.
    /// </summary>
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Notifier.UnsubscribeOneClickPath, async (HttpContext context, UnsubscribeFromEmail unsubscribe) =>
        {
            var result = await unsubscribe.ExecuteAsync(context.Request.Query["token"], context.RequestAborted);
            return result.IsSuccess ? Results.Ok() : Results.BadRequest();
        }).DisableAntiforgery().AllowAnonymous();
        return endpoints;
    }

}
