namespace GameHost.App.Features.Operations.Jobs;

/// <summary>What the scheduler knows about a job right now.</summary>
public sealed record JobScheduleState(DateTime? NextFireAtUtc, bool IsRunning);

/// <summary>The scheduler as the Jobs page needs it: when each job fires next, whether it runs, and "run now".</summary>
public interface IJobScheduler
{
    Task<JobScheduleState> GetStateAsync(string jobName, CancellationToken cancellationToken);

    Task TriggerNowAsync(string jobName, CancellationToken cancellationToken);
}
