namespace GameHost.App.Features.Accounts;

/// <summary>Marker for country names by ISO 3166 code (<c>CountryNamesText.resx</c> and translations).</summary>
public sealed class CountryNamesText;
