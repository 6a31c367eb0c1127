namespace GameHost.Domain.Catalog;

/// <summary>Catalog settings (section <c>Catalog</c>).</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>
    /// How far ahead a price change for existing services must be scheduled, so customers can be told and can
    /// cancel before they pay more. Consumer rules in many markets ask for about two weeks or a month.
    /// </summary>
    public TimeSpan MinimumPriceChangeNotice { get; set; } = TimeSpan.FromDays(14);
}
