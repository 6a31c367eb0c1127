using GameHost.Domain.Audit;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.PanelCatalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Provisioning.Settings;

public static class PanelSettingsRegistration
{
    /// <summary>
    /// The panel connection (stored settings → built-in panel → none), its use cases, and the catalogue sync. Needs an
    /// <see cref="Common.ISecretProtector"/> from the host. <see cref="IPanelConnectionSource"/> is added (not tried) so it
    /// wins over an adapter's fallback; <see cref="IPterodactylApi"/> is only tried, so the real adapter wins over
    /// <see cref="NoPanelApi"/> in any registration order.
    /// </summary>
    public static IServiceCollection AddPanelSettings(this IServiceCollection services)
    {
        services.AddAudit();
        services.AddPanelCatalog();
        services.AddSingleton<StoredPanelConnection>();
        services.AddSingleton<IPanelConnectionSource>(sp => sp.GetRequiredService<StoredPanelConnection>());
        services.TryAddSingleton<IPterodactylApi, NoPanelApi>();
        services.AddScoped<SavePanelSettings>();
        services.AddScoped<TestPanelConnection>();
        services.AddScoped<PanelSettingsQuery>();
        services.AddScoped<SyncPanelCatalog>();
        return services;
    }

    /// <summary>The read side of the synced catalogue alone, for pages that only print names or offer pickers.</summary>
    public static IServiceCollection AddPanelCatalog(this IServiceCollection services)
    {
        services.TryAddScoped<PanelCatalogQuery>();
        services.TryAddScoped<PanelLocationNamesQuery>();
        return services;
    }
}
