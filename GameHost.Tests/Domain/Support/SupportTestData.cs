using GameHost.App.Features.Notifications.Unsubscribe;
using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Notifications;
using GameHost.Domain.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Paid;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Support;

/// <summary>A customer's services as the support port sees them, held in memory.</summary>
public sealed class InMemorySupportServices : ISupportServices
{
    public Dictionary<(Guid Customer, Guid Service), string> Services { get; } = [];

    public Task<string?> LabelIfOwnedAsync(Guid customerId, Guid serviceId, CancellationToken cancellationToken) =>
        Task.FromResult(Services.TryGetValue((customerId, serviceId), out var label) ? label : null);

    public Task<IReadOnlyList<SupportServiceOption>> ListAsync(Guid customerId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SupportServiceOption>>(Services.Where(s => s.Key.Customer == customerId)
            .Select(s => new SupportServiceOption(s.Key.Service, s.Value)).OrderBy(s => s.Label, StringComparer.Ordinal).ToList());
}

/// <summary>Support charges held in memory: a charge is paid when <see cref="Balance"/> covers it; the same key is one charge.</summary>
public sealed class InMemorySupportCharges : ISupportCharges
{
    public long Balance { get; set; }

    public Dictionary<string, SupportChargeState> Charges { get; } = [];

    public Task<Result<SupportChargeState>> ChargeAsync(SupportChargeRequest request, CancellationToken cancellationToken)
    {
        lock (Charges)
        {
            if (!Charges.TryGetValue(request.Key, out var state))
            {
                var paid = Balance >= request.AmountMinor;
                Balance -= paid ? request.AmountMinor : 0;
                state = new SupportChargeState(Guid.NewGuid(), $"INV-{Charges.Count + 1}", paid, request.AmountMinor, request.Currency);
                Charges[request.Key] = state;
            }

            return Task.FromResult<Result<SupportChargeState>>(state);
        }
    }

    public Task<SupportChargeState?> FindAsync(Guid customerId, string key, CancellationToken cancellationToken)
    {
        lock (Charges)
        {
            return Task.FromResult(Charges.TryGetValue(key, out var state) ? state : null);
        }
    }
}

/// <summary>
/// The support feature wired as the host wires it over a migrated SQLite database and a fake clock (Wednesday noon
/// UTC): two customers, an admin, two support agents, a "Technical" department (Mon–Fri 09:00–18:00 UTC, agent Sam a
/// member) and a "Billing" department; attachments go to a private temporary folder.
/// </summary>
public sealed class SupportTestData : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private readonly IDbContextFactory<GameHostDbContext>? _contexts;

    /// <param name="configure">Changes to the support options.</param>
    /// <param name="contexts">
    /// Where the data lives instead of the in-memory database: e.g. a <see cref="SqliteFileTestDatabase"/>, so that
    /// concurrent calls run on their own connections as concurrent requests do.
    /// </param>
    public SupportTestData(Action<SupportOptions>? configure = null, IDbContextFactory<GameHostDbContext>? contexts = null)
    {
        _contexts = contexts;
        using (var db = NewContext())
        {
            foreach (var role in Roles.All)
            {
                db.Roles.Add(new ApplicationRole(role) { Id = Guid.NewGuid(), NormalizedName = role.ToUpperInvariant() });
            }

            db.SaveChanges();
        }

        CustomerId = AddUser("alice@players.test", Roles.Customer, "Alice Doe", "en");
        OtherCustomerId = AddUser("bruno@players.test", Roles.Customer, "Bruno Díaz", "es");
        AdminId = AddUser("olivia@gamehost.test", Roles.Admin, "Olivia Admin", "en");
        SupportId = AddUser("sam@gamehost.test", Roles.Support, "Sam Support", "en");
        SecondSupportId = AddUser("tess@gamehost.test", Roles.Support, "Tess Support", "en");

        using (var db = NewContext())
        {
            TechnicalId = Guid.NewGuid();
            BillingId = Guid.NewGuid();
            db.SupportDepartments().Add(new SupportDepartment
            {
                Id = TechnicalId, Name = "Technical", Email = "tech@gamehost.test", SortOrder = 0,
                Members = [new SupportDepartmentMember { DepartmentId = TechnicalId, UserId = SupportId }],
            });
            db.SupportDepartments().Add(new SupportDepartment { Id = BillingId, Name = "Billing", SortOrder = 1 });
            db.SaveChanges();
        }

        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IDbContextFactory<GameHostDbContext>>(_contexts ?? new SqliteTestContextFactory(Database));
        services.AddScoped(_ => NewContext());
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<IUnsubscribeTokens, DataProtectionUnsubscribeTokens>();
        services.AddSingleton<ISupportServices>(Services);
        services.AddSingleton<ISupportCharges>(Charges);
        services.AddAudit();
        services.AddNotifications();
        services.AddSupport();
        services.Configure<NotificationSiteOptions>(o =>
        {
            o.SiteName = "PixelHost";
            o.PublicBaseUrl = "https://hosting.test";
        });
        services.Configure<SupportOptions>(o =>
        {
            o.AttachmentFolder = AttachmentFolder;
            configure?.Invoke(o);
        });
        _services = services.BuildServiceProvider();
    }

    public SqliteTestDatabase Database { get; } = new();

    /// <summary>A context on the database the support services use.</summary>
    public GameHostDbContext NewContext() => _contexts?.CreateDbContext() ?? Database.NewContext();

    public FakeTimeProvider Time { get; } = new(Start);

    public DateTime NowUtc => Time.GetUtcNow().UtcDateTime;

    public InMemorySupportServices Services { get; } = new();

    public InMemorySupportCharges Charges { get; } = new();

    public string AttachmentFolder { get; } = Path.Combine(Path.GetTempPath(), "gh-support-" + Guid.NewGuid().ToString("N"));

    public Guid CustomerId { get; }

    public Guid OtherCustomerId { get; }

    public Guid AdminId { get; }

    public Guid SupportId { get; }

    public Guid SecondSupportId { get; }

    public Guid TechnicalId { get; }

    public Guid BillingId { get; }

    public IServiceProvider Provider => _services;

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public TicketDesk Desk => _services.GetRequiredService<TicketDesk>();

    public TicketActions Actions => _services.GetRequiredService<TicketActions>();

    public async Task<Guid> OpenAsync(string subject = "Server will not start", string body = "It crashes on boot.", Guid? customer = null, Guid? department = null, TicketPriority priority = TicketPriority.Normal)
    {
        var result = await Desk.OpenAsync(customer ?? CustomerId, new OpenTicketRequest(department ?? TechnicalId, subject, body, priority) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!.TicketId;
    }

    public async Task<Ticket> TicketAsync(Guid id)
    {
        await using var db = NewContext();
        return await db.Tickets().AsNoTracking().Include(t => t.Tags).SingleAsync(t => t.Id == id);
    }

    public async Task<List<TicketMessage>> MessagesAsync(Guid ticketId)
    {
        await using var db = NewContext();
        return await db.TicketMessages().AsNoTracking().Include(m => m.Attachments).Where(m => m.TicketId == ticketId).OrderBy(m => m.CreatedAtUtc).ToListAsync();
    }

    public async Task AddPolicyAsync(Guid department, TicketPriority priority, int firstMinutes, int resolutionMinutes, bool raise = false, Guid? reassign = null, bool notify = true)
    {
        await using var db = NewContext();
        db.SlaPolicies().Add(new SlaPolicy
        {
            Id = Guid.NewGuid(), DepartmentId = department, Priority = priority, FirstResponseMinutes = firstMinutes, ResolutionMinutes = resolutionMinutes,
            RaisePriorityOnBreach = raise, ReassignToUserId = reassign, NotifyOnBreach = notify,
        });
        await db.SaveChangesAsync();
    }

    public void Dispose()
    {
        _services.Dispose();
        Database.Dispose();
        if (Directory.Exists(AttachmentFolder))
        {
            Directory.Delete(AttachmentFolder, true);
        }
    }

    private Guid AddUser(string email, string role, string name, string language)
    {
        using var db = NewContext();
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            FullName = name,
            PreferredLanguage = language,
            CreatedAtUtc = Start.UtcDateTime,
            SecurityStamp = "stamp",
            ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = db.Roles.Single(r => r.Name == role).Id });
        db.SaveChanges();
        return user.Id;
    }
}
