using System.Diagnostics;
using GameHost.App.Features.Provisioning;
using GameHost.App.Features.Provisioning.DemoPanel;
using GameHost.App.Features.Provisioning.Pterodactyl;
using GameHost.Domain.Provisioning.Panel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// The demo panel on a loopback port and the real adapter talking to it over HTTP, both on one fake clock: nothing
/// waits for real time unless a test moves the clock (<see cref="DriveAsync{T}"/> for calls that pace or back off).
/// Installs finish only when a test says so.
/// </summary>
public sealed class FakePanel : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private FakePanel(DemoPanelHost host, FakeTimeProvider time, ServiceProvider services, SwitchableConnection connection)
    {
        Host = host;
        Time = time;
        _services = services;
        Connection = connection;
    }

    public DemoPanelHost Host { get; }

    public DemoPanel Panel => Host.Panel;

    public FakeTimeProvider Time { get; }

    /// <summary>What the client connects with; tests may swap the key or take the panel away.</summary>
    public SwitchableConnection Connection { get; }

    public IPterodactylApi Api => _services.GetRequiredService<IPterodactylApi>();

    public IServiceProvider Services => _services;

    /// <param name="time">The clock to share with the code under test (a processor's due times); a new one at <see cref="Start"/> if null.</param>
    public static async Task<FakePanel> StartAsync(
        Action<DemoPanelOptions>? panel = null, Action<PterodactylClientOptions>? client = null, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(Start);
        var panelOptions = new DemoPanelOptions { InstallSeconds = null };
        panel?.Invoke(panelOptions);
        var host = await DemoPanelHost.StartAsync(panelOptions, time);

        var connection = new SwitchableConnection { Current = host.Connection };
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(time);
        services.AddPterodactylPanel();
        services.Replace(ServiceDescriptor.Singleton<IPanelConnectionSource>(connection));
        if (client is not null)
        {
            services.Configure(client);
        }

        return new FakePanel(host, time, services.BuildServiceProvider(), connection);
    }

    /// <summary>
    /// Moves the fake clock in small steps until the call completes: for calls that wait on the clock (pacing, a
    /// <c>Retry-After</c>). Bounded, so a call that never finishes fails the test instead of hanging it.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> call, TimeSpan step, int maxSteps = 100_000)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var i = 0; i < maxSteps && !call.IsCompleted; i++)
        {
            await Task.WhenAny(call, Task.Delay(1));
            if (!call.IsCompleted)
            {
                Time.Advance(step);
            }
        }

        Assert.True(call.IsCompleted, "The call did not finish while the clock was driven.");
        return await call;
    }

    /// <summary>Waits (bounded, real time) until the panel has received a request matching the condition.</summary>
    public async Task WaitForRequestAsync(Func<DemoPanelRequest, bool> match)
    {
        var watch = Stopwatch.StartNew();
        while (!Panel.Requests.All.Any(match))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "The panel never received the expected request.");
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Host.DisposeAsync();
    }

    public sealed class SwitchableConnection : IPanelConnectionSource
    {
        public PanelConnection? Current { get; set; }

        public Task<PanelConnection?> GetAsync(CancellationToken cancellationToken) => Task.FromResult(Current);
    }
}

/// <summary>Valid requests for the demo panel's seed data (user 12, Paper egg 3, locations 1 and 2).</summary>
public static class FakePanelRequests
{
    public static readonly IReadOnlyDictionary<string, string> PaperEnvironment = new Dictionary<string, string>
    {
        ["MINECRAFT_VERSION"] = "latest",
        ["SERVER_JARFILE"] = "server.jar",
        ["DL_PATH"] = "",
        ["BUILD_NUMBER"] = "latest",
    };

    public static NewPanelServer PaperServer(string externalId, PanelPlacement? placement = null, IReadOnlyDictionary<string, string>? environment = null) => new(
        externalId,
        "Test Paper Server",
        "Paper 4 GB",
        UserId: 12,
        EggId: 3,
        "ghcr.io/pterodactyl/yolks:java_21",
        "java -Xms128M -XX:MaxRAMPercentage=95.0 -jar {{SERVER_JARFILE}}",
        environment ?? PaperEnvironment,
        new PanelLimits(4096, 0, 20480, 500, 200, null, OomDisabled: false),
        new PanelFeatureLimits(Databases: 1, Allocations: 2, Backups: 2),
        placement ?? PanelPlacement.Deploy([1]));
}
