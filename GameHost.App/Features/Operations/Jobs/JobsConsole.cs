using GameHost.Domain.Common;
using GameHost.Domain.Operations;

namespace GameHost.App.Features.Operations.Jobs;

public sealed record JobStatus(JobDefinition Definition, DateTime? NextFireAtUtc, bool IsRunning, JobRunView? LastRun);

/// <summary>What the Jobs page shows and does: the catalog joined with the scheduler's state and the run history.</summary>
public sealed class JobsConsole(JobCatalog catalog, IJobScheduler scheduler, JobRunsQuery runs)
{
    public static class Errors
    {
        public const string UnknownJob = "jobs.unknown";
        public const string AlreadyRunning = "jobs.already_running";
    }

    public async Task<IReadOnlyList<JobStatus>> GetJobsAsync(CancellationToken cancellationToken)
    {
        var lastRuns = await runs.GetLastRunsAsync(catalog.All.Select(j => j.Name), cancellationToken);
        var result = new List<JobStatus>(catalog.All.Count);
        foreach (var job in catalog.All)
        {
            var state = await scheduler.GetStateAsync(job.Name, cancellationToken);
            result.Add(new JobStatus(job, state.NextFireAtUtc, state.IsRunning, lastRuns.GetValueOrDefault(job.Name)));
        }

        return result;
    }

    public Task<IReadOnlyList<JobRunView>> GetRecentRunsAsync(int take, CancellationToken cancellationToken) =>
        runs.GetRecentAsync(take, cancellationToken);

    /// <summary>Fires the job once, now, beside its schedule. The run itself happens in the background.</summary>
    public async Task<Result> RunNowAsync(string jobName, CancellationToken cancellationToken)
    {
        if (catalog.Find(jobName) is null)
        {
            return new Error(Errors.UnknownJob, $"No job is called '{jobName}'.");
        }

        if ((await scheduler.GetStateAsync(jobName, cancellationToken)).IsRunning)
        {
            return new Error(Errors.AlreadyRunning, "The job is running already.");
        }

        await scheduler.TriggerNowAsync(jobName, cancellationToken);
        return Result.Success();
    }
}
