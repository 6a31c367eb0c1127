using System.Collections.Concurrent;
using System.Globalization;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Common;

namespace GameHost.App.Features.Accounts;

/// <summary>The choices offered by the account forms, named in the visitor's language where the platform can.</summary>
public static class AccountOptions
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> CountriesByCulture = new(StringComparer.Ordinal);

    /// <summary>Every ISO 3166 country, localized by ICU when it knows the region, sorted as the culture sorts.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Countries(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return CountriesByCulture.GetOrAdd(culture.Name, _ => Domain.Accounts.Registration.Countries.All
            .Select(c => new KeyValuePair<string, string>(c.Code, LocalizedName(c, culture)))
            .OrderBy(c => c.Value, StringComparer.Create(culture, ignoreCase: true))
            .ToList());
    }

    public static IEnumerable<KeyValuePair<string, string>> Currencies() =>
        Currency.Known.Select(c => new KeyValuePair<string, string>(c.Code, c.Code));

    /// <summary>Each language in its own name, so a visitor finds theirs whatever the page is in.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Languages() =>
        SupportedLanguages.All.Select(code =>
        {
            var native = CultureInfo.GetCultureInfo(code).NativeName;
            return new KeyValuePair<string, string>(code, char.ToUpper(native[0], CultureInfo.GetCultureInfo(code)) + native[1..]);
        });

    private static string LocalizedName(Country country, CultureInfo culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            // RegionInfo names itself in the current UI culture.
            CultureInfo.CurrentUICulture = culture;
            var name = new RegionInfo(country.Code).DisplayName;
            return string.IsNullOrWhiteSpace(name) || name == country.Code ? country.EnglishName : name;
        }
        catch (ArgumentException)
        {
            return country.EnglishName;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
