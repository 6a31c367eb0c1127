using System.Collections.Concurrent;
using System.Globalization;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Common;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts;

/// <summary>The choices offered by the account forms, named in the visitor's language.</summary>
public static class AccountOptions
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> CountriesByCulture = new(StringComparer.Ordinal);

    /// <summary>Every ISO 3166 country, named in the current UI language and sorted as that language sorts.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Countries(IStringLocalizer<CountryNamesText> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var culture = CultureInfo.CurrentUICulture;
        return CountriesByCulture.GetOrAdd(culture.Name, _ => Domain.Accounts.Registration.Countries.All
            .Select(c => new KeyValuePair<string, string>(c.Code, Name(names, c)))
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

    private static string Name(IStringLocalizer<CountryNamesText> names, Country country)
    {
        var name = names[country.Code];
        return name.ResourceNotFound ? country.EnglishName : name.Value;
    }
}
