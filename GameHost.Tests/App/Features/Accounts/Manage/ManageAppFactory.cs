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
/// The app plus a password sign-in endpoint that exists only in tests (POST /test/sign-in with email and password),
/// so the settings and two-factor pages can be tested without depending on the login page.
/// </summary>
public sealed class ManageAppFactory : GameHostAppFactory
{
    public const string Password = "Correct-Horse-42";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestSignInEndpoint>());
    }

    public StaticFormClient NewBrowser() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<ApplicationUser> CreateUserAsync(string email, string role = Roles.Customer, string language = "en")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = "Test User",
            PreferredLanguage = language,
        };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, role));
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

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private sealed class TestSignInEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // A plain middleware rather than Map: Map would move the path base and so the cookie's path.
            app.Use(async (context, nextMiddleware) =>
            {
                if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/test/sign-in")
                {
                    await nextMiddleware(context);
                    return;
                }

                var form = await context.Request.ReadFormAsync();
                var signIn = context.RequestServices.GetRequiredService<SignInManager<ApplicationUser>>();
                var result = await signIn.PasswordSignInAsync(form["email"].ToString(), form["password"].ToString(),
                    isPersistent: false, lockoutOnFailure: true);
                await context.Response.WriteAsync(result.Succeeded ? "Succeeded"
                    : result.RequiresTwoFactor ? "RequiresTwoFactor"
                    : result.IsLockedOut ? "LockedOut"
                    : result.IsNotAllowed ? "NotAllowed"
                    : "Failed");
            });
            next(app);
        };
    }
}

public static class StaticFormClientSignInExtensions
{
    /// <summary>The password step through the test-only endpoint; answers Succeeded, RequiresTwoFactor, Failed, ….</summary>
    public static async Task<string> SignInWithPasswordAsync(this StaticFormClient browser, string email, string password = ManageAppFactory.Password)
    {
        ArgumentNullException.ThrowIfNull(browser);
        using var content = new FormUrlEncodedContent([KeyValuePair.Create("email", email), KeyValuePair.Create("password", password)]);
        using var response = await browser.Http.PostAsync(new Uri("/test/sign-in", UriKind.Relative), content);
        return await response.Content.ReadAsStringAsync();
    }
}
