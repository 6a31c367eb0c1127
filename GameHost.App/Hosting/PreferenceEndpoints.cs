using System.Security.Claims;
using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace GameHost.App.Hosting;

/// <summary>Language and theme switches: set a cookie (and the profile, when signed in), then go back.</summary>
public static class PreferenceEndpoints
{
    public static IEndpointRouteBuilder MapPreferenceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/preferences");

        group.MapGet("/culture", async (string? culture, string? returnUrl, HttpContext http, UserManager<ApplicationUser> users) =>
        {
            if (!SupportedLanguages.IsSupported(culture))
            {
                return Results.BadRequest();
            }

            culture = culture!.ToLowerInvariant();
            LocalizationSetup.WriteCultureCookie(http.Response, culture);
            if (http.User.Identity?.IsAuthenticated == true)
            {
                var user = await users.GetUserAsync(http.User);
                if (user is not null && user.PreferredLanguage != culture)
                {
                    user.PreferredLanguage = culture;
                    await users.UpdateAsync(user);
                }
            }

            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        });

        group.MapGet("/theme", (string? mode, string? returnUrl, HttpContext http) =>
        {
            if (mode is not ("dark" or "light"))
            {
                return Results.BadRequest();
            }

            ThemePreference.Write(http.Response, mode == "dark");
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        });

        return endpoints;
    }

    /// <summary>Only local paths: an open redirect would let anyone bounce our users to a phishing page.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
