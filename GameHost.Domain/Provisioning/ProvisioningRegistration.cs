using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Provisioning;

public static class ProvisioningRegistration
{
    /// <summary>
    /// Provisioning's Domain services. Until the panel adapter registers its <see cref="IServerCapacity"/>, capacity
    /// is unknown and orders are refused before any money is taken (docs/decisions/0006).
    /// </summary>
    public static IServiceCollection AddProvisioning(this IServiceCollection services)
    {
        services.TryAddSingleton<IServerCapacity, NoPanelServerCapacity>();
        return services;
    }
}
