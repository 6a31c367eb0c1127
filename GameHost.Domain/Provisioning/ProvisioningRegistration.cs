using GameHost.Domain.Audit;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Settings;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Provisioning;

public static class ProvisioningRegistration
{
    /// <summary>
    /// Provisioning's Domain services. Until the panel adapter registers its <see cref="IServerCapacity"/>, capacity
    /// is unknown and orders are refused before any money is taken (docs/decisions/0006); until it registers its
    /// <see cref="IPterodactylApi"/> and <see cref="IPanelConnectionSource"/>, every panel call answers "no panel
    /// connected", which pauses the provisioning queue instead of losing work. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddProvisioning(this IServiceCollection services)
    {
        services.TryAddSingleton<IServerCapacity, NoPanelServerCapacity>();
        services.TryAddSingleton<IPterodactylApi, NoPanelApi>();
        services.TryAddSingleton<IPanelConnectionSource, NoPanelConnectionSource>();
        services.AddAudit();
        services.AddOptions<ProvisioningQueueOptions>();
        services.AddOptions<ProvisioningSiteOptions>();
        services.TryAddSingleton<ProvisioningRequests>();
        services.TryAddSingleton<ProvisioningAlerts>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor, Notices.ServerReadyNotices>());
        services.TryAddScoped<ProvisioningProcessor>();
        services.TryAddScoped<ProvisioningWatchdog>();
        services.TryAddScoped<ProvisioningQueueCommands>();
        services.TryAddScoped<ProvisioningQueueQuery>();
        services.TryAddScoped<ResetPanelPassword>();
        services.TryAddScoped<PushTariffResources>();
        services.AddPanelCatalog();
        return services;
    }
}
