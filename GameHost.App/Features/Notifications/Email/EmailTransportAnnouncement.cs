using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Notifications.Email;

/// <summary>Says once at start-up where e-mail goes, so an operator never wonders why nothing arrives.</summary>
internal sealed class EmailTransportAnnouncement(IOptions<EmailSettings> options, ILogger<EmailTransportAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.UsesSmtp)
        {
            logger.LogInformation(
                "E-mail is sent through the SMTP relay {Host}:{Port} ({Security})",
                settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.Security);
        }
        else
        {
            logger.LogInformation(
                "No SMTP host is configured (Email:Smtp:Host): e-mails are written as .eml files to {PickupDirectory}",
                settings.PickupDirectory);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
