using Quartz;

namespace GameHost.App.Features.Operations.Jobs;

/// <summary>Adapter over the Quartz scheduler the host runs.</summary>
public sealed class QuartzJobScheduler(ISchedulerFactory schedulerFactory) : IJobScheduler
{
    public async Task<JobScheduleState> GetStateAsync(string jobName, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var key = new JobKey(jobName);
        var triggers = await scheduler.GetTriggersOfJob(key, cancellationToken);
        var next = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
        var running = await scheduler.QueryFireInstances(
            new FireInstanceQuery { Job = key, State = FireInstanceState.Executing },
            cancellationToken);
        return new JobScheduleState(next?.UtcDateTime, running.Items.Count > 0);
    }

    public async Task TriggerNowAsync(string jobName, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(new JobKey(jobName), cancellationToken);
    }
}
