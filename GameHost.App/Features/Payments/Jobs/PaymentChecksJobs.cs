using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Operations;
using GameHost.Domain.Payments.Gateways;
using Quartz;

namespace GameHost.App.Features.Payments.Jobs;

/// <summary>Asks the gateways what became of refunds whose answer was lost, and records each clear answer once.</summary>
[DisallowConcurrentExecution]
public sealed class UnclearRefundsJob(UnclearRefunds refunds, JobRunRecorder recorder, ILogger<UnclearRefundsJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "unclear-refunds";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var run = await refunds.RunAsync(cancellationToken);
        return new JobOutcome(run.ToSummary(), run.IsIdle);
    }
}

/// <summary>Daily: compares each gateway's transactions for the last settled day with our payments; reports differences once, moves nothing.</summary>
[DisallowConcurrentExecution]
public sealed class SettlementCheckJob(SettlementCheck check, JobRunRecorder recorder, ILogger<SettlementCheckJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "settlement-check";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var run = await check.RunAsync(cancellationToken);
        if (run.NewDifferences > 0)
        {
            logger.LogError("Settlement check found {Count} new differences for {Day:yyyy-MM-dd}", run.NewDifferences, run.DayUtc);
        }

        return new JobOutcome(run.ToSummary(), run.IsIdle);
    }
}
