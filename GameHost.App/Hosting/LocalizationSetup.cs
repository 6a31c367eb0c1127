using System.Globalization;
using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Localization;

namespace GameHost.App.Hosting;

/// <summary>
/// English and Spanish from resources. The visitor's choice lives in the standard culture cookie (set by
/// <see cref="PreferenceEndpoints"/>, and from the profile at sign-in), then the browser's Accept-Language.
/// </summary>
public static class LocalizationSetup
{
    public static IServiceCollection AddGameHostLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = SupportedLanguages.All.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(SupportedLanguages.Default);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    public static void WriteCultureCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, Path = "/" });
}
