using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Operations;
using Quartz;

namespace GameHost.App.Features.Notifications.Jobs;

/// <summary>Carries out the e-mail outbox every <c>Email:Outbox:PollSeconds</c>.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchEmailJob(EmailDispatcher dispatcher, JobRunRecorder recorder, ILogger<DispatchEmailJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "email-dispatch";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await dispatcher.DispatchAsync(cancellationToken);
        return new JobOutcome(result.ToSummary(), IsIdle: result.Sent + result.Retried + result.Failed == 0);
    }
}
