using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Billing.Postpaid;
using GameHost.Domain.Operations;
using Quartz;

namespace GameHost.App.Features.Billing.Jobs;

/// <summary>
/// Issues each postpaid customer's invoice for the month before. Runs hourly: on the 1st the first run bills the
/// month; every other run finds nothing to bill (and a missed 1st is caught up by the next run).
/// </summary>
[DisallowConcurrentExecution]
public sealed class PostpaidInvoicesJob(PostpaidInvoiceSweep sweep, JobRunRecorder recorder, ILogger<PostpaidInvoicesJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "postpaid-invoices";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await sweep.RunAsync(cancellationToken);
        return new JobOutcome(result.ToSummary(), result.IsIdle);
    }
}
