using GameHost.Domain.Accounts;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Accounts.Manage;

/// <summary>
/// The app with helpers to create users and sign them in through the real login page,
/// exactly as a person would.
/// </summary>
public sealed class ManageAppFactory : GameHostAppFactory
{
    public const string Password = "Correct-Horse-42";

    private bool _ownerCreated;

    public StaticFormClient NewBrowser()
    {
        EnsureOwnerAsync().GetAwaiter().GetResult();
        return new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
    }

    /// <summary>Until an administrator exists every account page sends visitors to the one-time set-up.</summary>
    private async Task EnsureOwnerAsync()
    {
        if (!_ownerCreated)
        {
            _ownerCreated = true;
            await TestAccounts.CreateOwnerAsync(Services, $"owner-{Guid.NewGuid():N}@example.test");
        }
    }

    public async Task<ApplicationUser> CreateUserAsync(string email, string role = Roles.Customer, string language = "en")
    {
        await EnsureOwnerAsync();

        var user = await TestAccounts.CreateUserAsync(Services, email, role, password: Password, language: language, fullName: "Test User");
        await using var scope = Services.CreateAsyncScope();
        if (role == Roles.Customer)
        {
            var db = scope.ServiceProvider.GetRequiredService<GameHostDbContext>();
            db.CustomerProfiles.Add(new CustomerProfile
            {
                Id = Guid.NewGuid(),
                UserId = user.Id,
                CountryCode = "ES",
                BillingCurrency = "EUR",
            });
            await db.SaveChangesAsync();
        }

        return user;
    }

    /// <summary>Reads the user afresh from the store (a new scope, like a new request).</summary>
    public async Task<T> WithUsersAsync<T>(Func<UserManager<ApplicationUser>, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
    }

    public async Task<T> WithDbAsync<T>(Func<GameHostDbContext, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<GameHostDbContext>());
    }
}

public static class StaticFormClientSignInExtensions
{
    /// <summary>
    /// The password step through the real login page; answers Succeeded, RequiresTwoFactor, LockedOut, NotAllowed or
    /// Failed, read from where the page sends the user or the problem it shows.
    /// </summary>
    public static async Task<string> SignInWithPasswordAsync(this StaticFormClient browser, string email, string password = ManageAppFactory.Password)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var page = await browser.PostAsync("/account/login", "login", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (page.Location is { } location)
        {
            return location.StartsWith("/account/login-2fa", StringComparison.Ordinal) ? "RequiresTwoFactor" : "Succeeded";
        }

        if (page.ByTestId("login-problem-lockedout") is not null)
        {
            return "LockedOut";
        }

        return page.ByTestId("login-problem-notconfirmed") is not null || page.ByTestId("login-problem-lockedbystaff") is not null
            ? "NotAllowed"
            : "Failed";
    }
}
