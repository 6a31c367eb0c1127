using GameHost.App.Features.Notifications.Email;
using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Hosting;
using GameHost.Domain.Operations;
using GameHost.Domain.Support.Mail;
using Microsoft.Extensions.Options;
using Quartz;

namespace GameHost.App.Features.Support.Mail;

/// <summary>Reads the support mailbox over IMAP and turns new mail into tickets and replies.</summary>
[DisallowConcurrentExecution]
public sealed class SupportMailImportJob(
    SupportMailImportSweep sweep, IOptions<GameHostOptions> options, IOptions<EmailSettings> email, JobRunRecorder recorder, ILogger<SupportMailImportJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "support-mail-import";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await sweep.RunAsync(ContextOf(options.Value, email.Value), cancellationToken);
        return new JobOutcome(result.ToSummary(), result.IsIdle);
    }

    internal static MailImportContext ContextOf(GameHostOptions site, EmailSettings email)
    {
        var register = new Uri(new Uri(site.PublicBaseUrl.TrimEnd('/') + "/"), "account/register").ToString();
        // The sender of every e-mail we write: mail from it is our own coming back, never a customer.
        return new MailImportContext(site.SiteName, register) { OwnAddresses = [email.FromAddress] };
    }
}
