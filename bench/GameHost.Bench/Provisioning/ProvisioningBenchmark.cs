using System.Diagnostics;
using System.Globalization;
using GameHost.App.Features.Provisioning;
using GameHost.App.Features.Provisioning.DemoPanel;
using GameHost.App.Features.Provisioning.Pterodactyl;
using GameHost.Domain.Accounts;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Demo;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameHost.Bench.Provisioning;

/// <summary>
/// A burst of paid servers carried out by the real <see cref="ProvisioningProcessor"/> through the real panel client
/// over loopback HTTP against the demo panel, which enforces its per-minute limit on the wall clock. Reports how close
/// the client's pacing runs to the panel's limit, whether the panel ever answered 429, and whether any task ended in
/// the admin queue. Asserts nothing about time.
/// </summary>
public static class ProvisioningBenchmark
{
    private const string Slug = "paper-4gb";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(ProvisioningBenchmarkOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var time = TimeProvider.System;
        var queue = new ProvisioningQueueOptions
        {
            // Polls of an install come as soon as the demo panel's install can be over; the rest are the defaults.
            InstallPollSeconds = options.InstallSeconds,
        };

        Line(output, "benchmark", "provisioning");
        Line(output, "date (UTC)", time.GetUtcNow().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        Line(output, "machine", $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Line(output, "servers", options.Servers);
        Line(output, "customers", $"{options.Customers} ({options.ServersPerCustomer} server(s) each)");
        Line(output, "panel limit", $"{options.PanelLimit}/min (demo panel, fixed one-minute window, wall clock)");
        Line(output, "client limit", $"{options.ClientLimit}/min, burst {new PterodactylClientOptions().Burst}");
        Line(output, "install time", $"{options.InstallSeconds} s on the panel, first poll after {queue.InstallPollSeconds} s");
        Line(output, "processor", $"1 processor, {queue.MaxTasksPerRun} tasks per run, next run at once while work is due");

        await using var host = await DemoPanelHost.StartAsync(new DemoPanelOptions
        {
            RequestsPerMinute = options.PanelLimit,
            InstallSeconds = options.InstallSeconds,
            RequestLogCapacity = Math.Max(DemoPanelRequestLog.DefaultCapacity, options.Servers * 20),
        }, time);
        MakeRoom(host.Panel, options.Servers);

        using var database = new BenchDatabase();
        var subscriptions = await QueueServersAsync(database, options, time);
        Line(output, "queued", $"{subscriptions.Count} servers in a temporary SQLite file with the real migrations");

        await using var services = ClientServices(host.Connection, options.ClientLimit, time);
        var processor = new ProvisioningProcessor(
            database,
            services.GetRequiredService<IPterodactylApi>(),
            new ProvisioningAlerts(time, Options.Create(new ProvisioningSiteOptions()), new GameHost.Domain.Notifications.Notifier(
                time, Options.Create(new GameHost.Domain.Notifications.NotificationSiteOptions()),
                new GameHost.App.Features.Notifications.Unsubscribe.DataProtectionUnsubscribeTokens(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()),
                new GameHost.Domain.Notifications.NotificationSignals())),
            time,
            Options.Create(queue),
            NullLogger<ProvisioningProcessor>.Instance);

        var started = time.GetTimestamp();
        var lastProgress = TimeSpan.Zero;
        int runs = 0, retried = 0, toStaff = 0;
        var timedOut = false;
        while (true)
        {
            var run = await processor.RunAsync(CancellationToken.None);
            runs++;
            retried += run.Retried;
            toStaff += run.ToStaff;
            var open = await OpenTasksAsync(database);
            var elapsed = time.GetElapsedTime(started);
            if (open == 0)
            {
                break;
            }

            if (elapsed > TimeSpan.FromMinutes(options.MaxMinutes))
            {
                timedOut = true;
                break;
            }

            if (elapsed - lastProgress >= ProgressEvery)
            {
                lastProgress = elapsed;
                var created = await ServersOnPanelAsync(database);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  … {elapsed.TotalMinutes:0.0} min: {created} created, {open} tasks open, {host.Panel.Requests.All.Count} panel calls"));
            }

            if (run.IsIdle)
            {
                // Nothing due yet (an install to poll later): look again shortly, as the job would.
                await Task.Delay(TimeSpan.FromMilliseconds(200), time);
            }
        }

        var total = time.GetElapsedTime(started);
        await ReportAsync(output, options, host.Panel, database, subscriptions, total, runs, retried, toStaff, timedOut);
    }

    private static async Task ReportAsync(
        TextWriter output, ProvisioningBenchmarkOptions options, DemoPanel panel, BenchDatabase database, IReadOnlyCollection<Guid> subscriptions,
        TimeSpan total, int runs, int retried, int toStaff, bool timedOut)
    {
        var requests = panel.Requests.All.OrderBy(r => r.At).ToList();
        var logFull = requests.Count >= Math.Max(DemoPanelRequestLog.DefaultCapacity, options.Servers * 20);
        var minutes = Math.Max(total.TotalMinutes, 1e-9);
        var rateLimited = requests.Count(r => r.Status == 429);
        var creates = requests.Where(r => r.Method == "POST" && r.Path.Equals("/servers", StringComparison.OrdinalIgnoreCase)).ToList();
        var ours = subscriptions.Select(s => s.ToString("D")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var onPanel = panel.Read(d => d.Servers.Where(s => s.ExternalId is { } id && ours.Contains(id))
            .GroupBy(s => s.ExternalId!, StringComparer.OrdinalIgnoreCase).Select(g => g.Count()).ToList());

        await using var db = await database.CreateDbContextAsync();
        var failed = await db.ProvisioningTasks().CountAsync(t => t.State == ProvisioningTaskState.Failed);
        var open = await db.ProvisioningTasks().CountAsync(t => t.State == ProvisioningTaskState.Pending || t.State == ProvisioningTaskState.Running);
        var servers = await db.GameServers().AsNoTracking().Select(s => new { s.State, s.CreatedAtUtc, s.FirstActiveAtUtc }).ToListAsync();
        var active = servers.Count(s => s.State == GameServerState.Active);
        var waits = servers.Where(s => s.FirstActiveAtUtc is not null).Select(s => (s.FirstActiveAtUtc!.Value - s.CreatedAtUtc).TotalSeconds).Order().ToList();

        output.WriteLine();
        Line(output, "result", timedOut ? $"STOPPED after --max-minutes {options.MaxMinutes}: {open} tasks still open" : "every task finished");
        Line(output, "total time", $"{total.TotalSeconds:0.0} s ({total.TotalMinutes:0.00} min)");
        Line(output, "processor runs", runs);
        Line(output, "panel calls", requests.Count + (logFull ? " (request log full: older calls not counted)" : ""));
        Line(output, "panel calls by route", string.Join(", ", requests
            .GroupBy(r => $"{r.Method} {Route(r.Path)}")
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {g.Count()}")));
        Line(output, "calls per server", $"{requests.Count / (double)Math.Max(1, subscriptions.Count):0.00}");
        Line(output, "calls per minute", $"{requests.Count / minutes:0.0} overall, max {MaxInWindow(requests)} in any 60 s window (panel limit {options.PanelLimit})");
        Line(output, "429 answers", rateLimited);
        Line(output, "tasks retried", $"{retried} (a 429 the client gave back is retried, never counted as a failure)");
        Line(output, "admin queue", $"{failed} tasks ({toStaff} sent there during the run)");
        Line(output, "POST /servers", $"{creates.Count} ({creates.Count(r => r.Status == 201)} answered 201)");
        Line(output, "servers on panel", $"{onPanel.Count} of {subscriptions.Count} with our external id, {onPanel.Count(c => c > 1)} duplicated");
        Line(output, "servers active", active);
        Line(output, "creations per minute", $"{creates.Count(r => r.Status == 201) / minutes:0.0}");
        if (waits.Count > 0)
        {
            Line(output, "request → active", $"p50 {Percentile(waits, 0.50):0} s, p95 {Percentile(waits, 0.95):0} s, max {waits[^1]:0} s (all queued at once; install polls wait behind older creations)");
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Line(output, "peak working set", $"{process.PeakWorkingSet64 / (1024.0 * 1024.0):0.0} MiB");
    }

    /// <summary>Room on the Johannesburg node (where the tariff deploys) for every server: memory, disk and one port each.</summary>
    private static void MakeRoom(DemoPanel panel, int servers) => panel.Update(data =>
    {
        var node = data.Node(1);
        node.Memory = int.MaxValue / 2;
        node.Disk = int.MaxValue / 2;
        var ip = data.Allocations.First(a => a.NodeId == node.Id).Ip;
        var nextPort = data.Allocations.Where(a => a.NodeId == node.Id).Max(a => a.Port) + 1;
        for (var i = 0; i < servers; i++)
        {
            data.Allocations.Add(new DemoAllocation { Id = data.NextAllocationId++, NodeId = node.Id, Ip = ip, Port = nextPort + i });
        }
    });

    /// <summary>The demo catalog, the customers, and a paid server each, queued as Billing does it (one save per batch).</summary>
    private static async Task<List<Guid>> QueueServersAsync(BenchDatabase database, ProvisioningBenchmarkOptions options, TimeProvider time)
    {
        await using (var db = await database.CreateDbContextAsync())
        {
            await new DemoCatalogSeeder(db, time).SeedAsync(CancellationToken.None);
            await db.SaveChangesAsync();
        }

        ServerSpec spec;
        await using (var db = await database.CreateDbContextAsync())
        {
            var tariff = await db.Tariffs().AsNoTracking().WithVersions().SingleAsync(t => t.Slug == Slug);
            spec = ServerSpec.From(tariff.Id, tariff.CurrentVersion, "Bench SMP", tariff.CurrentVersion.LocationIds[0], [],
                new Dictionary<string, string>());
        }

        var requests = new ProvisioningRequests(time);
        var subscriptions = new List<Guid>(options.Servers);
        const int batch = 100;
        for (var first = 0; first < options.Servers; first += batch)
        {
            await using var db = await database.CreateDbContextAsync();
            for (var i = first; i < Math.Min(options.Servers, first + batch); i++)
            {
                var customer = i / options.ServersPerCustomer;
                var customerId = CustomerId(customer);
                if (i % options.ServersPerCustomer == 0)
                {
                    db.Users.Add(Customer(customerId, customer, time));
                }

                var subscription = Guid.NewGuid();
                subscriptions.Add(subscription);
                await requests.RequestServerAsync(db, new ServerOrder(subscription, customerId,
                    spec with { Name = string.Create(CultureInfo.InvariantCulture, $"Bench SMP {i + 1}") }), CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }

        return subscriptions;
    }

    private static Guid CustomerId(int index) => new(index + 1, 0xbe, 0x4c, [0x80, 0, 0, 0, 0, 0, 0, 0]);

    private static ApplicationUser Customer(Guid id, int index, TimeProvider time)
    {
        var email = string.Create(CultureInfo.InvariantCulture, $"player{index + 1:D5}@bench.gamehost.test");
        return new ApplicationUser
        {
            Id = id,
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            FullName = string.Create(CultureInfo.InvariantCulture, $"Bench Player {index + 1}"),
            PreferredLanguage = "en",
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
    }

    /// <summary>The production client registration, pointed at the demo panel, at the given pace.</summary>
    private static ServiceProvider ClientServices(PanelConnection connection, int clientLimit, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(time);
        services.AddPterodactylPanel();
        services.Replace(ServiceDescriptor.Singleton<IPanelConnectionSource>(new FixedConnection(connection)));
        services.Configure<PterodactylClientOptions>(o => o.RequestsPerMinute = clientLimit);
        return services.BuildServiceProvider();
    }

    private static async Task<int> OpenTasksAsync(BenchDatabase database)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.ProvisioningTasks().CountAsync(t => t.State == ProvisioningTaskState.Pending || t.State == ProvisioningTaskState.Running);
    }

    private static async Task<int> ServersOnPanelAsync(BenchDatabase database)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.GameServers().CountAsync(s => s.PanelServerId != null);
    }

    /// <summary>The most requests the panel saw in any 60 s (sliding window over the request log).</summary>
    private static int MaxInWindow(List<DemoPanelRequest> sorted)
    {
        var max = 0;
        var end = 0;
        for (var start = 0; start < sorted.Count; start++)
        {
            while (end < sorted.Count && sorted[end].At - sorted[start].At < Window)
            {
                end++;
            }

            max = Math.Max(max, end - start);
        }

        return max;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>A path with its ids replaced, for grouping: <c>/servers/external/{id}</c>.</summary>
    private static string Route(string path)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Length >= 2 && segments[1] == "external")
        {
            return $"/{segments[0]}/external/{{id}}";
        }

        return "/" + string.Join('/', segments.Select(s => s.All(char.IsAsciiDigit) ? "{id}" : s));
    }

    private static void Line(TextWriter output, string name, object value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name + ":",-22} {value}"));

    private sealed class FixedConnection(PanelConnection connection) : IPanelConnectionSource
    {
        public Task<PanelConnection?> GetAsync(CancellationToken cancellationToken) => Task.FromResult<PanelConnection?>(connection);
    }
}
