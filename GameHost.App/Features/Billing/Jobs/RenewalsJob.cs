using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Operations;
using Quartz;

namespace GameHost.App.Features.Billing.Jobs;

/// <summary>Issues renewal invoices ahead of the end of each paid period and pays them from balance.</summary>
[DisallowConcurrentExecution]
public sealed class RenewalsJob(RenewalSweep sweep, JobRunRecorder recorder, ILogger<RenewalsJob> logger) : ScheduledJob(recorder, logger)
{
    public const string Name = "renewals";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await sweep.RunAsync(cancellationToken);
        return new JobOutcome(result.ToSummary(), result.IsIdle);
    }
}
