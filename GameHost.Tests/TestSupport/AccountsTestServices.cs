using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications;
using GameHost.Domain.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// Identity and the accounts use cases over a <see cref="SqliteTestDatabase"/>, wired as the app wires them
/// (same password rules, token providers), for Domain tests that need a real <see cref="UserManager{TUser}"/>.
/// </summary>
public sealed class AccountsTestServices : IDisposable
{
    private readonly ServiceProvider _root;

    public AccountsTestServices(bool seedRoles = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddScoped(_ => Database.NewContext());
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
            })
            .AddRoles<ApplicationRole>()
            .AddEntityFrameworkStores<GameHostDbContext>()
            .AddDefaultTokenProviders();
        services.AddAccounts();
        services.AddNotifications();
        services.AddSingleton<IUnsubscribeTokens, GameHost.App.Features.Notifications.Unsubscribe.DataProtectionUnsubscribeTokens>();
        services.Configure<NotificationSiteOptions>(o => o.SiteName = "Blocky Hosting");
        _root = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        if (seedRoles)
        {
            using var scope = _root.CreateScope();
            scope.ServiceProvider.GetRequiredService<RoleSeeder>().EnsureRolesAsync().GetAwaiter().GetResult();
        }
    }

    public SqliteTestDatabase Database { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A unit of work, like one request.</summary>
    public AsyncServiceScope NewScope() => _root.CreateAsyncScope();

    public void Dispose()
    {
        _root.Dispose();
        Database.Dispose();
    }
}
