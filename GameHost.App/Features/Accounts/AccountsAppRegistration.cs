using FluentValidation;
using GameHost.App.Features.Accounts.Login;
using GameHost.App.Features.Accounts.Passwords;
using GameHost.App.Features.Accounts.Register;
using GameHost.App.Features.Accounts.Setup;
using GameHost.Domain.Accounts;
using GameHost.Domain.Persistence;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace GameHost.App.Features.Accounts;

public static class Policies
{
    /// <summary>The staff console: admins and support agents.</summary>
    public const string Staff = "Staff";

    /// <summary>Owner-level settings.</summary>
    public const string Admin = "Admin";
}

public static class AccountsAppRegistration
{
    public static WebApplicationBuilder AddAccountsFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var lockout = builder.Configuration.GetSection("Security:Lockout");

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.SignIn.RequireConfirmedEmail = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = lockout.GetValue("MaxFailedAttempts", 5);
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(lockout.GetValue("Minutes", 15));
            })
            .AddRoles<ApplicationRole>()
            .AddEntityFrameworkStores<GameHostDbContext>()
            .AddSignInManager<GameHostSignInManager>()
            .AddDefaultTokenProviders();

        // A staff lock or a password change signs the user out everywhere within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = "gh-auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            // A signed-in user without the right role gets a real 403 (rendered by the status page), not a redirect.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Admin, Roles.Support))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

        services.AddAccounts();

        // Sign-up, sign-in, recovery and the one-time owner set-up.
        services.AddScoped<SignInFlow>();
        services.AddScoped<AccountLinksFactory>();
        services.AddSingleton<OwnerSetupState>();
        services.AddScoped<IValidator<RegisterModel>, RegisterModelValidator>();
        services.AddScoped<IValidator<LoginModel>, LoginModelValidator>();
        services.AddScoped<IValidator<EmailOnlyModel>, EmailOnlyModelValidator>();
        services.AddScoped<IValidator<ResetPasswordModel>, ResetPasswordModelValidator>();
        services.AddScoped<IValidator<OwnerSetupModel>, OwnerSetupModelValidator>();
        services.AddAuthRateLimit(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The per-IP limit on the account form posts, and the gate that sends a fresh installation to the owner set-up.
    /// Goes after authentication: both act on the endpoint the router chose.
    /// </summary>
    public static WebApplication UseAccountsFeature(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<OwnerSetupGateMiddleware>();
        return app;
    }

    public static WebApplication MapAccountsEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async (SignInManager<ApplicationUser> signIn, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect(Hosting.PreferenceEndpoints.SafeReturnUrl(returnUrl));
        });
        return app;
    }
}
