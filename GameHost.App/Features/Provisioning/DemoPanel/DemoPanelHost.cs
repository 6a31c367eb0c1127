using System.Net;
using GameHost.Domain.Provisioning.Panel;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>
/// The demo panel on its own small Kestrel server on a free loopback port, with the same routes as inside the app:
/// for adapter tests over real HTTP and for benchmarks that need a panel.
/// </summary>
public sealed class DemoPanelHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoPanelHost(WebApplication app, DemoPanel panel, Uri baseAddress)
    {
        _app = app;
        Panel = panel;
        BaseAddress = baseAddress;
    }

    public DemoPanel Panel { get; }

    /// <summary><c>http://127.0.0.1:{port}</c>.</summary>
    public Uri BaseAddress { get; }

    public Uri ApiBaseUrl => new(BaseAddress, DemoPanelEndpoints.ApiPath);

    /// <summary>The connection a client needs, with the panel's read-write key.</summary>
    public PanelConnection Connection => new(ApiBaseUrl, Panel.ApiKey, new Uri(BaseAddress, DemoPanelEndpoints.RootPath));

    public static async Task<DemoPanelHost> StartAsync(DemoPanelOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DemoPanelHost).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddLocalization();
        var panel = new DemoPanel(options, time ?? TimeProvider.System);
        builder.Services.AddSingleton(panel);

        var app = builder.Build();
        app.MapDemoPanelRoutes(panel);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoPanelHost(app, panel, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
