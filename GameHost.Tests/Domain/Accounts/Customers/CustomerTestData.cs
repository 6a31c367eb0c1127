using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Customers;
using GameHost.Domain.Audit;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Accounts.Customers;

/// <summary>
/// A migrated SQLite database with the three roles, a fake clock, and builders for customers and staff with valid
/// defaults, written straight to the store (the customer feature only reads what registration writes).
/// </summary>
public sealed class CustomerTestData : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private int _sequence;

    public CustomerTestData()
    {
        using var db = Database.NewContext();
        foreach (var role in Roles.All)
        {
            db.Roles.Add(new ApplicationRole(role) { Id = Guid.NewGuid(), NormalizedName = role.ToUpperInvariant() });
        }

        db.SaveChanges();
    }

    public SqliteTestDatabase Database { get; } = new();

    public FakeTimeProvider Time { get; } = new(Start);

    public DateTime NowUtc => Time.GetUtcNow().UtcDateTime;

    public SqliteTestContextFactory Contexts(params IInterceptor[] interceptors) => new(Database, interceptors);

    public AuditLogQuery AuditQuery() => new(Contexts());

    public CustomerListQuery ListQuery() => new(Contexts(), Time);

    public CustomerDetailsQuery DetailsQuery() => new(Contexts(), AuditQuery(), Time);

    public LockCustomer Lock(params IInterceptor[] interceptors) => new(Contexts(interceptors), new AuditLog(Time));

    public UnlockCustomer Unlock() => new(Contexts(), new AuditLog(Time), Time);

    public Task<ApplicationUser> AddCustomerAsync(
        string name = "Ana Customer",
        string? email = null,
        string? company = "Blocky Ltd",
        DateTime? createdAtUtc = null,
        DateTime? lastLoginAtUtc = null,
        bool emailConfirmed = true,
        Action<ApplicationUser>? configure = null) =>
        AddUserAsync(name, email, Roles.Customer, createdAtUtc, lastLoginAtUtc, emailConfirmed, configure, new CustomerProfile
        {
            Id = Guid.NewGuid(),
            Company = company,
            CountryCode = "ES",
            BillingCurrency = "EUR",
            VatNumber = "ESB12345678",
            CreatedAtUtc = createdAtUtc ?? NowUtc,
        });

    public Task<ApplicationUser> AddStaffAsync(string name = "Sam Staff", string role = Roles.Support, string? email = null) =>
        AddUserAsync(name, email, role, null, null, true, null, null);

    public async Task<ApplicationUser> AddUserAsync(
        string name,
        string? email,
        string role,
        DateTime? createdAtUtc,
        DateTime? lastLoginAtUtc,
        bool emailConfirmed,
        Action<ApplicationUser>? configure,
        CustomerProfile? profile)
    {
        email ??= $"user{++_sequence}@example.test";
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = emailConfirmed,
            FullName = name,
            CreatedAtUtc = createdAtUtc ?? NowUtc,
            LastLoginAtUtc = lastLoginAtUtc,
            SecurityStamp = "initial-stamp",
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
        };
        configure?.Invoke(user);
        await using var db = Database.NewContext();
        db.Users.Add(user);
        var roleId = db.Roles.Single(r => r.Name == role).Id;
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleId });
        if (profile is not null)
        {
            profile.UserId = user.Id;
            db.CustomerProfiles.Add(profile);
        }

        await db.SaveChangesAsync();
        return user;
    }

    public async Task AddRoleAsync(Guid userId, string role)
    {
        await using var db = Database.NewContext();
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = userId, RoleId = db.Roles.Single(r => r.Name == role).Id });
        await db.SaveChangesAsync();
    }

    public async Task<ApplicationUser> ReloadAsync(Guid userId)
    {
        await using var db = Database.NewContext();
        return await db.Users.FindAsync(userId) ?? throw new InvalidOperationException("No such user.");
    }

    public void Dispose() => Database.Dispose();
}
