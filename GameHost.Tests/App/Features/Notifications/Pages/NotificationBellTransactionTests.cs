using System.Security.Claims;
using Bunit;
using GameHost.App.Features.Notifications.Bell;
using GameHost.App.Features.Notifications.Unsubscribe;
using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.App.Features.Notifications.Pages;

/// <summary>
/// The bell and a notification raised inside an explicit transaction, as the sweeps and money use cases raise them. The
/// store is registered as the host registers it, on a database file where every context has a connection of its own,
/// so the bell's context sees only what is committed (one shared in-memory connection would see the uncommitted rows
/// and hide the problem). The raise runs on the renderer's dispatcher, so the bell re-reads at the moment it is
/// signalled, as an idle circuit does.
/// </summary>
public sealed class NotificationBellTransactionTests : BunitContext, IAsyncLifetime
{
    private readonly SqliteFileTestDatabase _database = new();
    private readonly ServiceProvider _host;
    private readonly Guid _customerId = Guid.NewGuid();

    public NotificationBellTransactionTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<IUnsubscribeTokens, DataProtectionUnsubscribeTokens>();
        services.AddGameHostStore(_database.ConnectionString);
        services.AddNotifications();
        _host = services.BuildServiceProvider();

        using (var db = Contexts.CreateDbContext())
        {
            db.Users.Add(new ApplicationUser
            {
                Id = _customerId, UserName = "alice@players.test", NormalizedUserName = "ALICE@PLAYERS.TEST", Email = "alice@players.test",
                NormalizedEmail = "ALICE@PLAYERS.TEST", FullName = "Alice Doe", PreferredLanguage = "en", SecurityStamp = "stamp",
            });
            db.SaveChanges();
        }

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton(_host.GetRequiredService<NotificationSignals>());
        Services.AddScoped(_ => _host.GetRequiredService<GameHost.Domain.Notifications.Inbox.NotificationInbox>());
        var auth = AddAuthorization();
        auth.SetAuthorized("alice@players.test");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _customerId.ToString()));
    }

    private IDbContextFactory<GameHostDbContext> Contexts => _host.GetRequiredService<IDbContextFactory<GameHostDbContext>>();

    private NotificationSignals Signals => _host.GetRequiredService<NotificationSignals>();

    private async Task RaiseAsync(GameHostDbContext db, string key)
    {
        await _host.GetRequiredService<Notifier>().NotifyAsync(
            db, new NotifyRequest(Codes.ServerReady, _customerId, new Dictionary<string, string?> { ["server_name"] = "Survival SMP" }, key), CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private static string Count(IRenderedComponent<NotificationBell> bell) => bell.Find("[data-testid=notification-count]").TextContent;

    [Fact]
    public async Task Bell_NotificationSavedInsideTransaction_ShowsNewCountOnceCommitted()
    {
        var bell = Render<NotificationBell>(p => p.Add(b => b.Href, "/cabinet/notifications"));
        bell.WaitForAssertion(() => Assert.Equal("0", Count(bell)));

        await bell.InvokeAsync(async () =>
        {
            await using var db = await Contexts.CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await RaiseAsync(db, "ready:1");
            Assert.Equal("0", Count(bell)); // saved, not committed: nobody else can see it yet

            await transaction.CommitAsync();
        });

        bell.WaitForAssertion(() => Assert.Equal("1", Count(bell)));
    }

    [Fact]
    public async Task Bell_NotificationSavedInsideTransactionRolledBack_SignalsNothing()
    {
        var signalled = 0;
        using var subscription = Signals.Subscribe(_customerId, () => Interlocked.Increment(ref signalled));
        var bell = Render<NotificationBell>(p => p.Add(b => b.Href, "/cabinet/notifications"));
        bell.WaitForAssertion(() => Assert.Equal("0", Count(bell)));

        await bell.InvokeAsync(async () =>
        {
            await using var db = await Contexts.CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await RaiseAsync(db, "ready:1");
            await transaction.RollbackAsync();
        });

        Assert.Equal(0, signalled);
        Assert.Equal("0", Count(bell));
        await using var check = await Contexts.CreateDbContextAsync();
        Assert.False(await check.Set<Notification>().AnyAsync());
    }

    [Fact]
    public async Task Bell_NotificationSavedWithoutTransaction_StillSignalsOnTheSave()
    {
        var bell = Render<NotificationBell>(p => p.Add(b => b.Href, "/cabinet/notifications"));
        bell.WaitForAssertion(() => Assert.Equal("0", Count(bell)));

        await bell.InvokeAsync(async () =>
        {
            await using var db = await Contexts.CreateDbContextAsync();
            await RaiseAsync(db, "ready:1");
        });

        bell.WaitForAssertion(() => Assert.Equal("1", Count(bell)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            SqliteConnection.ClearPool((SqliteConnection)db.Database.GetDbConnection());
        }

        await _host.DisposeAsync();
        _database.Dispose();
    }
}
