using Quartz;

namespace GameHost.App.Features.Operations.Jobs;

public static class JobsAppRegistration
{
    /// <summary>
    /// The in-process Quartz scheduler, started with the app and drained on shutdown (a running job finishes before
    /// the process exits), plus the catalog and console behind the staff Jobs page. Features add their jobs with
    /// <see cref="AddScheduledJob{TJob}"/>, in any order relative to this call.
    /// </summary>
    public static WebApplicationBuilder AddJobsFeature(this WebApplicationBuilder builder)
    {
        builder.AddQuartz(_ => { });
        builder.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        builder.Services.AddSingleton<JobCatalog>();
        builder.Services.AddSingleton<IJobScheduler, QuartzJobScheduler>();
        builder.Services.AddScoped<JobsConsole>();
        return builder;
    }

    /// <summary>
    /// Schedules <typeparamref name="TJob"/> on a fixed interval under <see cref="JobDefinition.Name"/> and lists it on
    /// the Jobs page. The work queue lives in our tables, so a missed or repeated firing is harmless.
    /// </summary>
    public static WebApplicationBuilder AddScheduledJob<TJob>(this WebApplicationBuilder builder, JobDefinition definition)
        where TJob : ScheduledJob
    {
        ArgumentNullException.ThrowIfNull(definition);
        builder.Services.AddSingleton(definition);
        builder.AddQuartz(q => q.ScheduleJob<TJob>(
            trigger => trigger.WithIdentity(definition.Name).StartNow().WithSimpleSchedule(definition.Interval),
            job => job.WithIdentity(definition.Name).DisallowConcurrentExecution(true)));
        return builder;
    }
}
