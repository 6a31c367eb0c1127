using GameHost.App.Features.Provisioning.DemoPanel;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Billing;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.App.Features.Provisioning;

/// <summary>
/// Provisioning end to end below the UI: orders placed and paid in Billing on a file database with the real
/// migrations, the real <see cref="ProvisioningProcessor"/>, and the real Pterodactyl client talking HTTP on loopback
/// to the demo panel. Panel, client and processor share one fake clock, so backoffs, due times and the panel's
/// <c>Retry-After</c> pass without real waiting.
/// </summary>
public sealed class ProvisioningOverHttpTests : IAsyncLifetime
{
    private readonly BillingTestData _data = new();
    private readonly ProvisioningQueueOptions _queue = new();
    private FakePanel _panel = null!;

    public async Task InitializeAsync() => _panel = await StartPanelAsync();

    public async Task DisposeAsync()
    {
        await _panel.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task PaidOrder_IsCreatedOnThePanel_ThenActiveOnceThePanelsInstallCompletes()
    {
        var subscription = await PaidOrderAsync("Thandi SMP");

        var first = await Processor().RunAsync(CancellationToken.None);

        Assert.Equal(2, first.Done);
        var onPanel = Assert.Single(PanelServers(subscription));
        Assert.Equal(("Thandi SMP", "installing"), (onPanel.Name, onPanel.Status));
        var server = await ServerAsync(subscription);
        Assert.Equal((GameServerState.Installing, onPanel.Id), (server.State, server.PanelServerId));
        Assert.Equal(onPanel.Identifier, server.PanelIdentifier);
        Assert.Equal(
            ["GET /users/external/", "GET /users", "POST /users", "GET /servers/external/", "POST /servers"],
            _panel.Panel.Requests.All.Select(r => $"{r.Method} {r.Path}").Select(Shape));

        // The first poll finds the install still running: the task waits, nothing is counted against it.
        _data.Time.Advance(TimeSpan.FromSeconds(_queue.InstallPollSeconds));
        var polled = await Processor().RunAsync(CancellationToken.None);
        Assert.Equal((0, 1), (polled.Done, polled.Waiting));
        Assert.Equal(GameServerState.Installing, (await ServerAsync(subscription)).State);

        _panel.Panel.CompleteInstall(onPanel.Id);
        _data.Time.Advance(TimeSpan.FromSeconds(_queue.InstallPollMaxSeconds));
        var installed = await Processor().RunAsync(CancellationToken.None);

        Assert.Equal(1, installed.Done);
        server = await ServerAsync(subscription);
        Assert.Equal(GameServerState.Active, server.State);
        Assert.True(server.InstallCompleted);
        Assert.Equal(_data.NowUtc, server.FirstActiveAtUtc);
        Assert.False(string.IsNullOrEmpty(server.Address));
        Assert.All(await TasksAsync(), t => Assert.Equal(ProvisioningTaskState.Done, t.State));
        Assert.Null(Assert.Single(PanelServers(subscription)).Status);
    }

    public static TheoryData<string> CommitThenFail => ["daemon-504", "query-500", "timeout"];

    [Theory]
    [MemberData(nameof(CommitThenFail))]
    public async Task CreateCommittedThenFailed_RetryAdoptsIt_OneServerOnThePanelLinkedToOurs(string failure)
    {
        var subscription = await PaidOrderAsync();
        var fault = failure switch
        {
            "daemon-504" => DemoPanelFault.Of(DemoPanelFaultKind.DaemonDown),
            "query-500" => DemoPanelFault.Of(DemoPanelFaultKind.ServerError),
            _ => DemoPanelFault.Of(DemoPanelFaultKind.Hang),
        };
        _panel.Panel.Faults.Inject("POST", "/servers", fault.ThenAfterCommit());

        var run = Processor().RunAsync(CancellationToken.None);
        if (failure == "timeout")
        {
            // The panel keeps the connection open; the client gives up at its create timeout on the shared clock.
            await _panel.WaitForRequestAsync(r => r is { Method: "POST", Path: "/servers" });
            _data.Time.Advance(TimeSpan.FromSeconds(CreateTimeoutSeconds + 1));
        }

        await run;
        for (var retry = 0; retry < 5 && (await ServerAsync(subscription)).PanelServerId is null; retry++)
        {
            // Backoff after the failed attempt; the retry looks the server up before anything is created again.
            _data.Time.Advance(TimeSpan.FromMinutes(2));
            await Processor().RunAsync(CancellationToken.None);
        }

        var onPanel = Assert.Single(PanelServers(subscription));
        Assert.Single(_panel.Panel.Requests.Matching("POST", "/servers"));
        var server = await ServerAsync(subscription);
        Assert.Equal((GameServerState.Installing, onPanel.Id, onPanel.Uuid), (server.State, server.PanelServerId, server.PanelUuid));
        var create = Assert.Single(await TasksAsync(), t => t.Kind == ProvisioningTaskKind.CreateServer);
        Assert.Equal(ProvisioningTaskState.Done, create.State);
        Assert.DoesNotContain(await TasksAsync(), t => t.State == ProvisioningTaskState.Failed);

        _panel.Panel.CompleteInstall(onPanel.Id);
        _data.Time.Advance(TimeSpan.FromSeconds(_queue.InstallPollMaxSeconds));
        await Processor().RunAsync(CancellationToken.None);
        Assert.Equal(GameServerState.Active, (await ServerAsync(subscription)).State);
        Assert.Single(PanelServers(subscription));
    }

    [Fact]
    public async Task TwoProcessorsAtOnce_TwentyServersWith429s_EachCreatedOnceAndNothingForStaff()
    {
        // The client may go as fast as it likes here: the 429s come from the panel (injected, and its own limit).
        await _panel.DisposeAsync();
        _panel = await StartPanelAsync(fastClient: true, installSeconds: 30);
        _queue.LeaseMinutes = 60; // the clock below runs many times faster than real time
        _panel.Panel.Faults.Inject("POST", "/servers", DemoPanelFault.RateLimited(retryAfterSeconds: 1), times: 6);
        _panel.Panel.Faults.Inject("GET", "/users/external/*", DemoPanelFault.RateLimited(retryAfterSeconds: 2), times: 3);
        _panel.Panel.Faults.Inject("GET", "/servers/external/*", DemoPanelFault.RateLimited(retryAfterSeconds: 1), times: 2);

        // Sixteen customers, four of them with two servers (their panel user is raced for by two tasks), queued as
        // paying does it, in one save (placing twenty orders through Billing is covered above and costs seconds).
        var subscriptions = new List<Guid>();
        var customers = Enumerable.Range(0, 16).Select(_ => _data.AddCustomer()).ToList();
        await using (var queueing = _data.Database.CreateDbContext())
        {
            var tariff = await queueing.Tariffs().AsNoTracking().WithVersions().SingleAsync(t => t.Slug == "paper-4gb");
            var provisioning = new ProvisioningRequests(_data.Time);
            foreach (var (customer, i) in customers.Concat(customers.Take(4)).Select((c, i) => (c, i)))
            {
                var spec = ServerSpec.From(tariff.Id, tariff.CurrentVersion, $"Server {i + 1}", 1, [], new Dictionary<string, string>());
                var order = new ServerOrder(Guid.NewGuid(), customer, spec);
                subscriptions.Add(order.SubscriptionId);
                await provisioning.RequestServerAsync(queueing, order, CancellationToken.None);
            }

            await queueing.SaveChangesAsync();
        }

        var one = Processor();
        var two = Processor();
        var work = Task.Run(async () =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (await OpenTasksAsync() > 0)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "The queue did not drain.");
                var runs = await Task.WhenAll(
                    Task.Run(() => one.RunAsync(CancellationToken.None)),
                    Task.Run(() => two.RunAsync(CancellationToken.None)));
                if (runs.All(r => r.IsIdle))
                {
                    await Task.Delay(5); // nothing due yet: let the clock move on
                }
            }

            return 0;
        });
        await _panel.DriveAsync(work, TimeSpan.FromMilliseconds(500));

        var requests = _panel.Panel.Requests.All;
        Assert.True(requests.Count(r => r.Status == 429) >= 11, "The panel's 429s were not served.");
        var creates = requests.Where(r => r is { Method: "POST", Path: "/servers" }).ToList();
        Assert.Equal(20, creates.Count(r => r.Status == 201));
        var ours = subscriptions.Select(s => s.ToString("D")).ToHashSet();
        var panelServers = _panel.Panel.Read(d => d.Servers.Where(s => s.ExternalId != null && ours.Contains(s.ExternalId)).ToList());
        Assert.Equal(ours.Order(), panelServers.Select(s => s.ExternalId!).Order());
        Assert.Equal(16, _panel.Panel.Read(d => d.Users.Count(u => u.Email.EndsWith("@gamehost.test", StringComparison.Ordinal))));

        await using var db = _data.Database.CreateDbContext();
        Assert.DoesNotContain(await db.ProvisioningTasks().ToListAsync(), t => t.State != ProvisioningTaskState.Done);
        var servers = await db.GameServers().AsNoTracking().ToListAsync();
        Assert.Equal(20, servers.Count);
        Assert.All(servers, s =>
        {
            Assert.Equal(GameServerState.Active, s.State);
            Assert.Equal(panelServers.Single(p => p.ExternalId == s.SubscriptionId.ToString("D")).Id, s.PanelServerId);
        });
    }

    private const int CreateTimeoutSeconds = 60;

    private async Task<FakePanel> StartPanelAsync(bool fastClient = false, int? installSeconds = null)
    {
        var panel = await FakePanel.StartAsync(
            panel: o => o.InstallSeconds = installSeconds,
            client: o =>
            {
                o.CreateTimeoutSeconds = CreateTimeoutSeconds;
                if (fastClient)
                {
                    o.RequestsPerMinute = 60_000;
                    o.Burst = 1_000;
                    o.ReadTimeoutSeconds = o.WriteTimeoutSeconds = o.CreateTimeoutSeconds = 3600;
                }
            },
            time: _data.Time);

        // Room on the node the demo tariffs deploy to for every server these tests create.
        panel.Panel.Update(d => d.Node(1).Memory = 1_000_000);
        return panel;
    }

    private ProvisioningProcessor Processor() => new(
        _data.Database, _panel.Api, new ProvisioningAlerts(_data.Time, Options.Create(new ProvisioningSiteOptions()), GameHost.Tests.TestSupport.TestNotifier.Create(_data.Time)), _data.Time,
        Options.Create(_queue), NullLogger<ProvisioningProcessor>.Instance);

    /// <summary>An order placed in Billing, then paid: the subscription turns active and its server is requested in the same save.</summary>
    private async Task<Guid> PaidOrderAsync(string serverName = "My server", Guid? customer = null)
    {
        var placed = await _data.PlaceAsync(BillingTestData.Order(customer ?? _data.AddCustomer(), _data.TariffId("paper-4gb"), serverName: serverName));
        await using var db = _data.Database.CreateDbContext();
        var subscription = await db.Subscriptions().SingleAsync(s => s.Id == placed.SubscriptionId);
        subscription.Status = SubscriptionStatus.Active;
        await new ProvisioningRequests(_data.Time).RequestServerAsync(db, await ProvisioningOrders.ForAsync(db, subscription, CancellationToken.None), CancellationToken.None);
        await db.SaveChangesAsync();
        return placed.SubscriptionId;
    }

    private List<DemoServer> PanelServers(Guid subscription) =>
        _panel.Panel.Read(d => d.Servers.Where(s => s.ExternalId == subscription.ToString("D")).ToList());

    private async Task<GameServer> ServerAsync(Guid subscription)
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.GameServers().AsNoTracking().SingleAsync(s => s.SubscriptionId == subscription);
    }

    private async Task<List<ProvisioningTask>> TasksAsync()
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.ProvisioningTasks().AsNoTracking().OrderBy(t => t.Id).ToListAsync();
    }

    private async Task<int> OpenTasksAsync()
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.ProvisioningTasks().CountAsync(t => t.State == ProvisioningTaskState.Pending || t.State == ProvisioningTaskState.Running);
    }

    /// <summary>A request line with its trailing id left out: <c>GET /servers/external/</c>.</summary>
    private static string Shape(string line) =>
        line.Contains("/external/", StringComparison.Ordinal) ? line[..(line.IndexOf("/external/", StringComparison.Ordinal) + "/external/".Length)] : line;
}
