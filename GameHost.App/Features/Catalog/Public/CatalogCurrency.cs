using GameHost.Domain.Common;

namespace GameHost.App.Features.Catalog.Public;

/// <summary>
/// Which currency the catalog shows: the one the visitor just picked, else the one they picked before (a cookie), else
/// a signed-in customer's billing currency, else the first the catalog is priced in. Only currencies the catalog has
/// are ever chosen, so a stale cookie or a crafted link cannot show empty prices.
/// </summary>
public static class CatalogCurrency
{
    public const string CookieName = "gh_currency";

    public static Currency? Choose(IReadOnlyList<Currency> offered, string? requested, string? remembered, Currency? customer)
    {
        ArgumentNullException.ThrowIfNull(offered);
        foreach (var candidate in new[] { requested, remembered, customer?.Code })
        {
            var code = candidate?.Trim().ToUpperInvariant();
            if (offered.FirstOrDefault(c => c.Code == code) is { Code: not null } match)
            {
                return match;
            }
        }

        return offered.Count > 0 ? offered[0] : null;
    }

    public static void Remember(HttpResponse response, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(CookieName, currency.Code,
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, Path = "/", HttpOnly = true });
    }
}
