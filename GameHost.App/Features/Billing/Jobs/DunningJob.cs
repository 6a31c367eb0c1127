using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Hosting;
using GameHost.Domain.Billing.Dunning;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Operations;
using Microsoft.Extensions.Options;
using Quartz;

namespace GameHost.App.Features.Billing.Jobs;

/// <summary>Walks unpaid renewal invoices along their timeline: reminders, suspension, termination; settles promised payments.</summary>
[DisallowConcurrentExecution]
public sealed class DunningJob(DunningSweep sweep, IOptions<GameHostOptions> options, JobRunRecorder recorder, ILogger<DunningJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "dunning";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var site = options.Value;
        var cabinet = new Uri(new Uri(site.PublicBaseUrl.TrimEnd('/') + "/"), "cabinet/billing").ToString();
        var result = await sweep.RunAsync(new NoticeContext(site.SiteName, cabinet), cancellationToken);
        return new JobOutcome(result.ToSummary(), result.IsIdle);
    }
}
