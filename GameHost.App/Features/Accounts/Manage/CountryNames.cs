using System.Globalization;
using GameHost.Domain.Accounts.Profile;

namespace GameHost.App.Features.Accounts.Manage;

/// <summary>
/// Country names in the reader's language. <see cref="RegionInfo.DisplayName"/> gives the native name only
/// ("Deutschland" to everyone); a culture's display name is localized ("alemán (Alemania)"), so the region part of it
/// is taken from a culture of that region.
/// </summary>
internal static class CountryNames
{
    private static readonly Lazy<Dictionary<string, string>> CultureByRegion = new(() =>
        CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Where(c => c.Name.Count(ch => ch == '-') == 1)
            .Select(c => (Code: c.Name[(c.Name.IndexOf('-', StringComparison.Ordinal) + 1)..], c.Name))
            .Where(x => ProfileRules.CountryCodes.Contains(x.Code))
            .GroupBy(x => x.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Name).Order(StringComparer.Ordinal).First(), StringComparer.Ordinal));

    public static string For(string code)
    {
        if (CultureByRegion.Value.TryGetValue(code, out var cultureName))
        {
            var display = new CultureInfo(cultureName).DisplayName;
            var open = display.LastIndexOf('(');
            var close = display.LastIndexOf(')');
            if (open >= 0 && close > open)
            {
                var inside = display[(open + 1)..close];
                return inside[(inside.LastIndexOf(',') + 1)..].Trim();
            }
        }

        return new RegionInfo(code).EnglishName;
    }

    public static IEnumerable<KeyValuePair<string, string>> Options() =>
        ProfileRules.CountryCodes
            .Select(code => KeyValuePair.Create(code, For(code)))
            .OrderBy(pair => pair.Value, StringComparer.Create(CultureInfo.CurrentCulture, ignoreCase: true));
}
