using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// Creates users in a running test app and signs them in the way the app itself would: the auth cookie is a ticket
/// protected by the app's own cookie options and data-protection keys, so no test-only sign-in path exists in product code.
/// </summary>
public static class TestUsers
{
    public static async Task<ApplicationUser> CreateAsync(IServiceProvider services, string role, string? email = null, string password = "Correct-Horse-9")
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = $"Test {role}",
            CreatedAtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        return user;
    }

    /// <summary>An HttpClient that does not follow redirects and carries the user's auth cookie.</summary>
    public static async Task<HttpClient> CreateSignedInClientAsync(this GameHostAppFactory factory, ApplicationUser user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", await AuthCookieAsync(factory.Services, user));
        return client;
    }

    public static async Task<string> AuthCookieAsync(IServiceProvider services, ApplicationUser user)
    {
        await using var scope = services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var fresh = await signIn.UserManager.FindByIdAsync(user.Id.ToString()) ?? throw new InvalidOperationException("User not found.");
        var principal = await signIn.CreateUserPrincipalAsync(fresh);
        var options = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties(), IdentityConstants.ApplicationScheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
