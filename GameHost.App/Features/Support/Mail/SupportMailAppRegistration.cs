using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Hosting;
using GameHost.Domain.Support.Mail;

namespace GameHost.App.Features.Support.Mail;

/// <summary>Marker for the support mailbox strings (SupportMailText.resx, SupportMailText.es.resx).</summary>
public sealed class SupportMailText;

/// <summary>E-mail in: the IMAP adapter, the import sweep and its job, the mailbox settings.</summary>
public static class SupportMailAppRegistration
{
    public static WebApplicationBuilder AddSupportMail(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IMailbox, MailKitMailbox>();
        builder.Services.AddScoped<SupportMailImportSweep>();
        builder.Services.AddScoped<SupportMailSettingsAdmin>();
        builder.AddScheduledJob<SupportMailImportJob>(new JobDefinition(
            SupportMailImportJob.Name, typeof(SupportMailImportJob), TimeSpan.FromMinutes(2), typeof(SupportMailText), "JobMailImport"));
        return builder;
    }
}
