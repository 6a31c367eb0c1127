using GameHost.App.Features.Provisioning.DemoPanel;
using GameHost.App.Features.Provisioning.Pterodactyl;
using GameHost.App.Hosting;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Capacity;
using GameHost.Domain.Provisioning.Panel;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Provisioning;

public static class PterodactylAppRegistration
{
    public const string DemoPanelStateFileName = "demo-panel.json";

    /// <summary>
    /// The Pterodactyl adapter, and the built-in demo panel when it is switched on (see <see cref="IsDemoPanelEnabled"/>).
    /// </summary>
    public static WebApplicationBuilder AddPterodactylPanel(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPterodactylPanel();
        if (IsDemoPanelEnabled(builder.Environment, builder.Configuration))
        {
            var dataDirectory = builder.Configuration.GetGameHostOptions().ResolveDataDirectory();
            builder.Services.AddOptions<DemoPanelOptions>()
                .BindConfiguration(DemoPanelOptions.Section)
                .PostConfigure(o => o.StateFile ??= Path.Combine(dataDirectory, DemoPanelStateFileName));
            builder.Services.AddSingleton(sp => new DemoPanel.DemoPanel(
                sp.GetRequiredService<IOptions<DemoPanelOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<DemoPanel.DemoPanel>>()));
            builder.Services.AddSingleton<IBuiltInPanel, BuiltInDemoPanel>();
        }

        return builder;
    }

    /// <summary>
    /// The HTTP client as <see cref="IPterodactylApi"/>, the capacity check that replaces the Domain's "unknown"
    /// stand-in, and a fallback connection source (the built-in panel, or none) that the stored panel settings override.
    /// </summary>
    public static IServiceCollection AddPterodactylPanel(this IServiceCollection services)
    {
        services.AddOptions<PterodactylClientOptions>()
            .BindConfiguration(PterodactylClientOptions.Section)
            .Validate(o => o is { RequestsPerMinute: > 0, Burst: > 0, PageSize: > 0, SyncPageSize: > 0, RateLimitRetries: >= 0 },
                $"{PterodactylClientOptions.Section}: RequestsPerMinute, Burst and the page sizes must be positive, RateLimitRetries not negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // Redirects and cookies are failures to report, never something to follow or keep (contract §1.1);
        // timeouts are per call, so the client's own is off.
        services.AddHttpClient(PanelTransport.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });

        services.AddSingleton<PanelRateLimiters>();
        services.AddSingleton<PanelTransport>();
        services.AddSingleton<IPterodactylApi, PterodactylApiClient>();
        services.Replace(ServiceDescriptor.Singleton<IServerCapacity, PanelServerCapacity>());
        services.TryAddSingleton<IPanelConnectionSource, BuiltInPanelConnectionSource>();
        return services;
    }

    /// <summary>Maps the demo panel's API and page under <c>/demo-panel</c>, only when it was registered.</summary>
    public static WebApplication MapDemoPanel(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<DemoPanel.DemoPanel>() is { } panel)
        {
            app.MapDemoPanelRoutes(panel);
            app.Logger.LogInformation("Built-in demo panel at {Path}", DemoPanelEndpoints.ApiPath);
        }
        else if (app.Environment.IsProduction() && app.Configuration.GetValue<bool>($"{DemoPanelOptions.Section}:Enabled"))
        {
            app.Logger.LogWarning("{Setting} is ignored in Production: the demo panel never runs there.", $"{DemoPanelOptions.Section}:Enabled");
        }

        return app;
    }

    /// <summary>
    /// Never in Production. Elsewhere <c>Provisioning:DemoPanel:Enabled</c> decides when set; unset, the demo panel
    /// follows the demo seed (Development, or <c>--Demo:Seed true</c>) so the seeded catalogue has a panel to order from.
    /// </summary>
    public static bool IsDemoPanelEnabled(IHostEnvironment environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        if (environment.IsProduction())
        {
            return false;
        }

        return configuration.GetValue<bool?>($"{DemoPanelOptions.Section}:Enabled")
               ?? DatabaseStartup.ShouldSeedDemo(environment, configuration, NullLogger.Instance);
    }
}
