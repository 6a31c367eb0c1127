using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Operations;
using Quartz;

namespace GameHost.App.Features.Notifications.Jobs;

/// <summary>Carries out Telegram and SMS deliveries every <c>Notifications:Delivery:PollSeconds</c>.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchNotificationsJob(NotificationDispatcher dispatcher, JobRunRecorder recorder, ILogger<DispatchNotificationsJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "notification-dispatch";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await dispatcher.DispatchAsync(cancellationToken);
        return new JobOutcome(result.ToSummary(), IsIdle: result.Sent + result.Retried + result.Failed == 0);
    }
}
