using System.Globalization;
using System.Text.RegularExpressions;

namespace GameHost.Domain.Accounts.Profile;

/// <summary>
/// The limits of profile fields, shared by the form validators and the use case so both say the same thing.
/// Lengths match the columns in the store.
/// </summary>
public static partial class ProfileRules
{
    public const int FullNameMaxLength = 200;
    public const int CompanyMaxLength = 200;
    public const int VatNumberMaxLength = 32;

    private static readonly Lazy<IReadOnlySet<string>> KnownCountries = new(LoadCountries);

    /// <summary>ISO 3166-1 alpha-2 codes the platform knows (from the runtime's region data).</summary>
    public static IReadOnlySet<string> CountryCodes => KnownCountries.Value;

    public static bool IsKnownCountry(string? code) =>
        code is { Length: 2 } && KnownCountries.Value.Contains(code.ToUpperInvariant());

    /// <summary>
    /// A VAT/tax number as printed on invoices: a country prefix or digits, letters and digits, optional spaces,
    /// dots or dashes. Checking it against a tax authority is billing's concern, not the profile's.
    /// </summary>
    public static bool IsPlausibleVatNumber(string? vat) =>
        vat is not null && vat.Length <= VatNumberMaxLength && VatPattern().IsMatch(vat);

    /// <summary>Trims and collapses to null, so an empty optional field is stored as "not given".</summary>
    public static string? OptionalText(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static HashSet<string> LoadCountries()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            if (culture.LCID == CultureInfo.InvariantCulture.LCID || string.IsNullOrEmpty(culture.Name))
            {
                continue;
            }

            try
            {
                var code = new RegionInfo(culture.Name).TwoLetterISORegionName;
                // Some regions (e.g. EH) exist only inside a culture name and cannot be looked up by code; the
                // pages show names by code, so those are left out.
                if (code.Length == 2 && code.All(char.IsAsciiLetterUpper) && !codes.Contains(code))
                {
                    _ = new RegionInfo(code);
                    codes.Add(code);
                }
            }
            catch (ArgumentException)
            {
                // Neutral or custom cultures carry no region.
            }
        }

        return codes;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 .\\-]{3,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex VatPattern();
}
