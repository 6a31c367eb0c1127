using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Operations;
using GameHost.Domain.Support.Sla;
using Quartz;

namespace GameHost.App.Features.Support.Jobs;

/// <summary>Marks breached SLA targets and escalates them, warns about and closes tickets left waiting for the customer.</summary>
[DisallowConcurrentExecution]
public sealed class SupportSlaJob(SupportSlaSweep sweep, JobRunRecorder recorder, ILogger<SupportSlaJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "support-sla";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await sweep.RunAsync(cancellationToken);
        var idle = result.FirstResponseBreaches + result.ResolutionBreaches + result.AutoCloseWarnings + result.AutoClosed == 0;
        return new JobOutcome(
            $"first-response breaches {result.FirstResponseBreaches}, resolution breaches {result.ResolutionBreaches}, warnings {result.AutoCloseWarnings}, auto-closed {result.AutoClosed}",
            idle);
    }
}
