using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Demo;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Catalog;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Provisioning.Tasks;

/// <summary>
/// A migrated SQLite database (in memory, or a file when processors must run at once) with the demo catalog, roles,
/// an administrator, a fake clock and a <see cref="FakePanel"/>, plus the provisioning classes wired to them.
/// </summary>
public sealed class ProvisioningTestData : IDisposable
{
    private readonly SqliteTestDatabase? _memory;
    private readonly SqliteFileTestDatabase? _file;

    public ProvisioningTestData(bool onFile = false)
    {
        if (onFile)
        {
            _file = new SqliteFileTestDatabase();
            Contexts = _file;
        }
        else
        {
            _memory = new SqliteTestDatabase();
            Contexts = new SqliteTestContextFactory(_memory);
        }

        using var db = Contexts.CreateDbContext();
        foreach (var role in Roles.All)
        {
            db.Roles.Add(new ApplicationRole(role) { Id = Guid.NewGuid(), NormalizedName = role.ToUpperInvariant() });
        }

        db.SaveChanges();
        Assert.True(new DemoCatalogSeeder(db, Time).SeedAsync(CancellationToken.None).GetAwaiter().GetResult());
        db.SaveChanges();
        AdminId = AddUser("olivia@gamehost.test", "Olivia Owner", Roles.Admin);
        SupportId = AddUser("sam@gamehost.test", "Sam Support", Roles.Support);
    }

    public IDbContextFactory<GameHostDbContext> Contexts { get; }

    public FakeTimeProvider Time { get; } = new(CatalogTestData.Start);

    public FakePanel Panel { get; } = new();

    public ProvisioningQueueOptions Options { get; } = new();

    public ProvisioningSiteOptions Site { get; } = new() { SiteName = "GameHost", PublicBaseUrl = "https://billing.example.test" };

    public Guid AdminId { get; }

    public Guid SupportId { get; }

    public DateTime NowUtc => Time.GetUtcNow().UtcDateTime;

    public ProvisioningRequests Requests() => new(Time);

    public ProvisioningAlerts Alerts() => new(Time, Microsoft.Extensions.Options.Options.Create(Site), GameHost.Tests.TestSupport.TestNotifier.Create(Time, Site.SiteName, Site.PublicBaseUrl));

    public ProvisioningProcessor Processor() => new(Contexts, Panel, Alerts(), Time, Microsoft.Extensions.Options.Options.Create(Options),
        NullLogger<ProvisioningProcessor>.Instance);

    public ProvisioningWatchdog Watchdog() => new(Contexts, Alerts(), Time, Microsoft.Extensions.Options.Options.Create(Options));

    public ProvisioningQueueCommands Commands() => new(Contexts, new AuditLog(Time), Time);

    public Task<ProvisioningRunResult> RunAsync() => Processor().RunAsync(CancellationToken.None);

    /// <summary>Moves the clock on and runs the processor, as the job does every few seconds.</summary>
    public async Task<ProvisioningRunResult> RunAfterAsync(TimeSpan wait)
    {
        Time.Advance(wait);
        return await RunAsync();
    }

    public Guid AddUser(string email, string fullName = "Thandi Nkosi", string role = Roles.Customer, string language = "en")
    {
        using var db = Contexts.CreateDbContext();
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            FullName = fullName,
            PreferredLanguage = language,
            CreatedAtUtc = NowUtc,
            SecurityStamp = "stamp",
            ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(user);
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = user.Id, RoleId = db.Roles.Single(r => r.Name == role).Id });
        db.SaveChanges();
        return user.Id;
    }

    public Guid AddCustomer(string? email = null, string fullName = "Thandi Nkosi", string language = "en") =>
        AddUser(email ?? $"{Guid.NewGuid():N}@players.test", fullName, Roles.Customer, language);

    public Guid TariffId(string slug = "paper-4gb")
    {
        using var db = Contexts.CreateDbContext();
        return db.Tariffs().Single(t => t.Slug == slug).Id;
    }

    /// <summary>The spec of the demo tariff's current version, as Billing would hand it over.</summary>
    public ServerSpec Spec(string slug = "paper-4gb", string name = "Thandi SMP", IReadOnlyList<AddOnAmount>? addOns = null, IReadOnlyList<int>? nodeIds = null)
    {
        using var db = Contexts.CreateDbContext();
        var tariff = db.Tariffs().AsNoTracking().WithVersions().Single(t => t.Slug == slug);
        var spec = ServerSpec.From(tariff.Id, tariff.CurrentVersion, name, tariff.CurrentVersion.LocationIds[0], addOns ?? [],
            new Dictionary<string, string> { ["MINECRAFT_VERSION"] = "1.21.4" });
        return nodeIds is null ? spec : spec with { NodeIds = nodeIds };
    }

    /// <summary>A paid subscription's server, requested and saved as Billing does it; returns the subscription id.</summary>
    public async Task<Guid> RequestServerAsync(Guid? customerId = null, ServerSpec? spec = null, Guid? subscriptionId = null)
    {
        var subscription = subscriptionId ?? Guid.NewGuid();
        await using var db = await Contexts.CreateDbContextAsync();
        await Requests().RequestServerAsync(db, new ServerOrder(subscription, customerId ?? AddCustomer(), spec ?? Spec()), CancellationToken.None);
        await db.SaveChangesAsync();
        return subscription;
    }

    public async Task RequestAsync(Func<ProvisioningRequests, GameHostDbContext, Task> request)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        await request(Requests(), db);
        await db.SaveChangesAsync();
    }

    public async Task<GameServer> ServerAsync(Guid subscriptionId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.GameServers().AsNoTracking().SingleAsync(s => s.SubscriptionId == subscriptionId);
    }

    public async Task<List<ProvisioningTask>> TasksAsync(Guid subscriptionId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var server = await db.GameServers().AsNoTracking().SingleAsync(s => s.SubscriptionId == subscriptionId);
        return await db.ProvisioningTasks().AsNoTracking().Where(t => t.GameServerId == server.Id).OrderBy(t => t.Sequence).ThenBy(t => t.Id).ToListAsync();
    }

    public async Task<ProvisioningTask> TaskAsync(Guid subscriptionId, ProvisioningTaskKind kind) =>
        (await TasksAsync(subscriptionId)).Last(t => t.Kind == kind);

    public async Task<ProvisioningQueueState> QueueAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.ProvisioningQueue().AsNoTracking().SingleAsync();
    }

    public async Task<List<GameHost.Domain.Notifications.Email.OutboundEmail>> EmailsAsync(string? category = null)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.OutboundEmails.AsNoTracking().Where(e => category == null || e.Category == category).OrderBy(e => e.CreatedAtUtc).ToListAsync();
    }

    /// <summary>Runs until the server is installed on the panel and recorded active.</summary>
    public async Task<GameServer> ProvisionAsync(Guid subscriptionId)
    {
        await RunAsync();
        Panel.FinishInstalls();
        await RunAfterAsync(TimeSpan.FromMinutes(1));
        var server = await ServerAsync(subscriptionId);
        Assert.Equal(GameServerState.Active, server.State);
        return server;
    }

    public void Dispose()
    {
        _memory?.Dispose();
        _file?.Dispose();
    }
}
