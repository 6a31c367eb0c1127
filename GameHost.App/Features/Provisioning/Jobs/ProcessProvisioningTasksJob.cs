using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Operations;
using GameHost.Domain.Provisioning.Tasks;
using Quartz;

namespace GameHost.App.Features.Provisioning.Jobs;

/// <summary>
/// Carries out the provisioning queue every <c>Provisioning:Queue:PollSeconds</c>, then reports paid servers that
/// are late. The work lives in the task table, so a missed or repeated run is harmless.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ProcessProvisioningTasksJob(
    ProvisioningProcessor processor, ProvisioningWatchdog watchdog, JobRunRecorder recorder, ILogger<ProcessProvisioningTasksJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "provisioning-tasks";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await processor.RunAsync(cancellationToken);
        var late = await watchdog.RunAsync(cancellationToken);
        return new JobOutcome($"{result.ToSummary()} late_reported={late}", IsIdle: result.IsIdle && late == 0 && !result.Paused);
    }
}
