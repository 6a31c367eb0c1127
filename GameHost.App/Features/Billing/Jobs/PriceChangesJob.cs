using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Hosting;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Operations;
using Microsoft.Extensions.Options;
using Quartz;

namespace GameHost.App.Features.Billing.Jobs;

/// <summary>Announces scheduled price changes to the customers affected and applies them when they fall due.</summary>
[DisallowConcurrentExecution]
public sealed class PriceChangesJob(PriceChangeSweep sweep, IOptions<GameHostOptions> options, JobRunRecorder recorder, ILogger<PriceChangesJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "price-changes";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var site = options.Value;
        var cabinet = new Uri(new Uri(site.PublicBaseUrl.TrimEnd('/') + "/"), "cabinet/services").ToString();
        var result = await sweep.RunAsync(new NoticeContext(site.SiteName, cabinet), cancellationToken);
        return new JobOutcome(result.ToSummary(), result.IsIdle);
    }
}

public sealed class BillingJobsText;

public static class BillingJobsRegistration
{
    public static WebApplicationBuilder AddBillingJobs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddScheduledJob<PriceChangesJob>(new JobDefinition(
            PriceChangesJob.Name, typeof(PriceChangesJob), TimeSpan.FromMinutes(15), typeof(BillingJobsText), "JobPriceChanges"));
        builder.AddScheduledJob<ServiceEndingsJob>(new JobDefinition(
            ServiceEndingsJob.Name, typeof(ServiceEndingsJob), TimeSpan.FromMinutes(10), typeof(BillingJobsText), "JobServiceEndings"));
        builder.AddScheduledJob<PoolRenewalsJob>(new JobDefinition(
            PoolRenewalsJob.Name, typeof(PoolRenewalsJob), TimeSpan.FromMinutes(30), typeof(BillingJobsText), "JobPoolRenewals"));
        builder.Services.AddOptions<GameHost.Domain.Billing.Renewals.RenewalOptions>().BindConfiguration(GameHost.Domain.Billing.Renewals.RenewalOptions.Section);
        builder.Services.AddOptions<GameHost.Domain.Billing.Dunning.DunningOptions>().BindConfiguration(GameHost.Domain.Billing.Dunning.DunningOptions.Section);
        builder.Services.AddOptions<GameHost.Domain.Billing.Changes.ChangesOptions>().BindConfiguration(GameHost.Domain.Billing.Changes.ChangesOptions.Section);
        builder.AddScheduledJob<RenewalsJob>(new JobDefinition(
            RenewalsJob.Name, typeof(RenewalsJob), TimeSpan.FromMinutes(30), typeof(BillingJobsText), "JobRenewals"));
        builder.AddScheduledJob<DunningJob>(new JobDefinition(
            DunningJob.Name, typeof(DunningJob), TimeSpan.FromMinutes(30), typeof(BillingJobsText), "JobDunning"));
        return builder;
    }
}
