using System.Globalization;
using GameHost.Domain.Billing.Taxes;

namespace GameHost.App.Features.Billing.Admin.Taxes;

/// <summary>The tax-rule editor's fields; the rate is typed as a percentage (up to two decimals) and stored in basis points.</summary>
public sealed class TaxRuleForm
{
    public string CountryCode { get; set; } = "";

    public string Name { get; set; } = "VAT";

    public decimal? RatePercent { get; set; }

    public bool PricesIncludeTax { get; set; } = true;

    public bool ReverseChargeForBusinesses { get; set; }

    /// <summary>The rate in basis points, or null when it is not a percentage from 0 to 100 with at most two decimals.</summary>
    public int? RateBasisPoints => RatePercent is { } percent && percent is >= 0 and <= 100 && decimal.Round(percent, 2) == percent
        ? (int)(percent * 100)
        : null;

    public TaxRuleInput ToInput() => new(CountryCode, Name, RateBasisPoints ?? -1, PricesIncludeTax, ReverseChargeForBusinesses);

    public static TaxRuleForm From(TaxRuleView rule) => new()
    {
        CountryCode = rule.CountryCode,
        Name = rule.Name,
        RatePercent = rule.RateBasisPoints / 100m,
        PricesIncludeTax = rule.PricesIncludeTax,
        ReverseChargeForBusinesses = rule.ReverseChargeForBusinesses,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CountryCode} {Name} {RatePercent}");
}
