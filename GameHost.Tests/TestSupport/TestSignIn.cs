using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// Signs a user in the way the app itself would: the auth cookie is a ticket protected by the app's own cookie options
/// and data-protection keys, so no test-only sign-in path exists in product code. Create users with <see cref="TestAccounts"/>.
/// </summary>
public static class TestSignIn
{
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
}
