using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Hosting;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Billing.Usage;
using GameHost.Domain.Operations;
using Microsoft.Extensions.Options;
using Quartz;

namespace GameHost.App.Features.Billing.Jobs;

/// <summary>Charges pay-as-you-go units, suspends and resumes on the balance, and sends low-balance warnings.</summary>
[DisallowConcurrentExecution]
public sealed class UsageJob(UsageSweep sweep, IOptions<GameHostOptions> options, JobRunRecorder recorder, ILogger<UsageJob> logger)
    : ScheduledJob(recorder, logger)
{
    public const string Name = "usage";

    protected override async Task<JobOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var site = options.Value;
        var balance = new Uri(new Uri(site.PublicBaseUrl.TrimEnd('/') + "/"), "cabinet/billing/balance").ToString();
        var result = await sweep.RunAsync(new NoticeContext(site.SiteName, balance), cancellationToken);
        return new JobOutcome(result.ToSummary(), result.IsIdle);
    }
}

/// <summary>Marker for the balance jobs' titles (<c>UsageJobsText.resx</c>).</summary>
public sealed class UsageJobsText;

public static class UsageJobsRegistration
{
    /// <summary>The pay-as-you-go usage job (every 5 minutes) and the monthly postpaid invoices (checked hourly, issued on the 1st).</summary>
    public static WebApplicationBuilder AddBalanceJobs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<UsageOptions>(builder.Configuration.GetSection(UsageOptions.Section));
        builder.AddScheduledJob<UsageJob>(new JobDefinition(
            UsageJob.Name, typeof(UsageJob), TimeSpan.FromMinutes(5), typeof(UsageJobsText), "JobUsage"));
        builder.AddScheduledJob<PostpaidInvoicesJob>(new JobDefinition(
            PostpaidInvoicesJob.Name, typeof(PostpaidInvoicesJob), TimeSpan.FromHours(1), typeof(UsageJobsText), "JobPostpaidInvoices"));
        return builder;
    }
}
