using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Operations;
using Quartz;

namespace GameHost.App.Features.Billing.Jobs;

/// <summary>Ends the services cancelled at period end once their paid time is over (the server's deletion is queued).</summary>
[DisallowConcurrentExecution]
public sealed class ServiceEndingsJob(ServiceEndingSweep sweep, JobRunRecorder recorder, ILogger<ServiceEndingsJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "service-endings";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await sweep.RunAsync(cancellationToken);
        return new JobOutcome(result.ToSummary(), result.IsIdle);
    }
}

/// <summary>Invoices resource pools due for renewal (paid from the balance where it covers them), then suspends or terminates pools left unpaid.</summary>
[DisallowConcurrentExecution]
public sealed class PoolRenewalsJob(
    GameHost.Domain.Billing.Pools.PoolRenewalSweep sweep, GameHost.Domain.Billing.Pools.PoolDunningSweep dunning,
    Microsoft.Extensions.Options.IOptions<GameHost.App.Hosting.GameHostOptions> options, JobRunRecorder recorder, ILogger<PoolRenewalsJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "pool-renewals";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var result = await sweep.RunAsync(cancellationToken);
        var site = options.Value;
        var cabinet = new Uri(new Uri(site.PublicBaseUrl.TrimEnd('/') + "/"), "cabinet/billing").ToString();
        var dunned = await dunning.RunAsync(new GameHost.Domain.Billing.Sweeps.NoticeContext(site.SiteName, cabinet), cancellationToken);
        return new JobOutcome($"{result.ToSummary()}; {dunned.ToSummary()}", result.IsIdle && dunned.IsIdle);
    }
}
