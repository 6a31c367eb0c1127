using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Features.Provisioning.Jobs;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Tasks;

namespace GameHost.App.Features.Provisioning;

public static class ProvisioningAppRegistration
{
    /// <summary>
    /// The provisioning queue's job, its settings (<c>Provisioning:Queue</c>), and the staff and customer pages' Domain
    /// classes. The panel adapter registers <c>IPterodactylApi</c>/<c>IPanelConnectionSource</c> itself; until it does,
    /// the Domain's stand-ins answer "no panel connected" and the queue pauses instead of losing work.
    /// </summary>
    public static WebApplicationBuilder AddProvisioningFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProvisioning();
        services.AddOptions<ProvisioningQueueOptions>().BindConfiguration(ProvisioningQueueOptions.Section);
        services.AddOptions<ProvisioningSiteOptions>().BindConfiguration(ProvisioningSiteOptions.Section);

        var pollSeconds = Math.Max(1, builder.Configuration.GetValue($"{ProvisioningQueueOptions.Section}:PollSeconds", new ProvisioningQueueOptions().PollSeconds));
        builder.AddScheduledJob<ProcessProvisioningTasksJob>(new JobDefinition(
            ProcessProvisioningTasksJob.Name, typeof(ProcessProvisioningTasksJob), TimeSpan.FromSeconds(pollSeconds), typeof(ProvisioningText),
            "JobProcessTasks"));
        return builder;
    }
}
