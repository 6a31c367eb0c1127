using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.TestSupport;

/// <summary>Users created straight through Identity in a running test app, for tests that need someone to sign in.</summary>
public static class TestAccounts
{
    public const string Password = "Correct-Horse-42";

    /// <summary>
    /// Creates a user with a role. A fresh app has no admin, and until one exists the home page and account pages
    /// redirect to <c>/setup</c>: call <see cref="CreateOwnerAsync"/> first in tests that use those pages.
    /// </summary>
    public static async Task<ApplicationUser> CreateUserAsync(
        IServiceProvider services, string email, string role, bool emailConfirmed = true, string password = Password, string language = "en",
        string? fullName = null)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            EmailConfirmed = emailConfirmed,
            FullName = fullName ?? email.Split('@')[0],
            PreferredLanguage = language,
        };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        return user;
    }

    public static Task<ApplicationUser> CreateOwnerAsync(IServiceProvider services, string email = "owner@example.test") =>
        CreateUserAsync(services, email, Roles.Admin);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
