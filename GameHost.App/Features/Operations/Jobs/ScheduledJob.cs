using System.Diagnostics;
using GameHost.Domain.Operations;
using Quartz;

namespace GameHost.App.Features.Operations.Jobs;

/// <summary>What a run did: the summary kept on its <c>JobRun</c>, and whether it found anything to do.</summary>
public sealed record JobOutcome(string Summary, bool IsIdle = false);

/// <summary>
/// The shell every scheduled job shares, so a job is one call into a Domain sweep or processor: the run is recorded
/// as a <c>JobRun</c> under the job's key, its outcome logged, and a failure logged, recorded and rethrown so Quartz
/// sees it too. Concrete jobs also carry <see cref="DisallowConcurrentExecutionAttribute"/>; the registration sets
/// it on the job as well.
/// </summary>
[DisallowConcurrentExecution]
public abstract class ScheduledJob(JobRunRecorder recorder, ILogger logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await RunRecordedAsync(context.JobDetail.Key.Name, cancellationToken);
    }

    internal async Task RunRecordedAsync(string jobName, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        JobOutcome? outcome = null;
        try
        {
            await recorder.RunAsync(jobName, async ct =>
            {
                outcome = await RunAsync(ct);
                return outcome.Summary;
            }, cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Job {Job} failed after {ElapsedMs} ms", jobName, ElapsedMs(started));
            throw;
        }

        // A poll every few seconds that found nothing is not worth an Information line.
        logger.Log(
            outcome!.IsIdle ? LogLevel.Debug : LogLevel.Information,
            "Job {Job} finished in {ElapsedMs} ms: {Summary}",
            jobName,
            ElapsedMs(started),
            outcome.Summary);
    }

    protected abstract Task<JobOutcome> RunAsync(CancellationToken cancellationToken);

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
