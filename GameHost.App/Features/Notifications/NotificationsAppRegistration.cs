using GameHost.App.Features.Notifications.Email;
using GameHost.App.Features.Notifications.Jobs;
using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Hosting;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Email;
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
        return builder;
    }
}
