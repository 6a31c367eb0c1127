using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Operations;
using Quartz;

namespace GameHost.App.Features.Payments.Jobs;

/// <summary>Re-derives every balance from the ledger once a day and alerts administrators on any drift.</summary>
[DisallowConcurrentExecution]
public sealed class LedgerCheckJob(LedgerReconciliation reconciliation, JobRunRecorder recorder, ILogger<LedgerCheckJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "ledger-check";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await reconciliation.RunAsync(cancellationToken);
        if (!result.IsClean)
        {
            logger.LogError("Ledger check found {Drifts} drifted balances and {Unbalanced} unbalanced transactions", result.Drifts.Count, result.UnbalancedTransactions);
        }

        return new JobOutcome(result.ToSummary(), IsIdle: false);
    }
}
