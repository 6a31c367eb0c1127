namespace GameHost.Domain.Billing.Taxes;

/// <summary>The tax of one buyer country: its rate, whether catalog prices already include it, and reverse charge for businesses.</summary>
public sealed class TaxRule
{
    public const int MaxNameLength = 100;

    /// <summary>ISO 3166-1 alpha-2, upper case; one rule per country.</summary>
    public string CountryCode { get; set; } = "";

    /// <summary>What the tax is called, e.g. <c>VAT</c>, <c>IVA</c>, <c>MwSt</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>1500 = 15 %.</summary>
    public int RateBasisPoints { get; set; }

    /// <summary>True: catalog prices are gross (tax included); false: the tax is added on top.</summary>
    public bool PricesIncludeTax { get; set; }

    /// <summary>A business buyer with a VAT number, outside the seller's country, pays no tax here and accounts for it itself.</summary>
    public bool ReverseChargeForBusinesses { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }
}

/// <summary>The one row of store-wide tax settings: the seller's own country (reverse charge never applies inside it).</summary>
public sealed class TaxSettings
{
    public const int SingletonId = 1;

    public const string DefaultSellerCountry = "ZA";

    public int Id { get; set; } = SingletonId;

    public string SellerCountryCode { get; set; } = DefaultSellerCountry;

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A customer's tax standing, set by staff: exempt customers pay no tax, with the reason on record.</summary>
public sealed class CustomerTaxSetting
{
    public const int MaxReasonLength = 300;

    public Guid CustomerId { get; set; }

    public bool Exempt { get; set; }

    public string? ExemptReason { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A standard VAT rate staff can pick to add a rule in one click.</summary>
public sealed record KnownVatRate(string CountryCode, string Name, int RateBasisPoints);

/// <summary>
/// The EU member states' standard VAT rates (and South Africa's), as published by the European Commission for 2025.
/// A starting point only: staff confirm or edit each rule, and the rule in the store is what invoices use.
/// </summary>
public static class KnownVatRates
{
    public static readonly IReadOnlyList<KnownVatRate> All =
    [
        new("AT", "USt", 2000), new("BE", "BTW", 2100), new("BG", "ДДС", 2000), new("CY", "ΦΠΑ", 1900),
        new("CZ", "DPH", 2100), new("DE", "MwSt", 1900), new("DK", "moms", 2500), new("EE", "KM", 2400),
        new("ES", "IVA", 2100), new("FI", "ALV", 2550), new("FR", "TVA", 2000), new("GR", "ΦΠΑ", 2400),
        new("HR", "PDV", 2500), new("HU", "ÁFA", 2700), new("IE", "VAT", 2300), new("IT", "IVA", 2200),
        new("LT", "PVM", 2100), new("LU", "TVA", 1700), new("LV", "PVN", 2100), new("MT", "VAT", 1800),
        new("NL", "BTW", 2100), new("PL", "VAT", 2300), new("PT", "IVA", 2300), new("RO", "TVA", 2100),
        new("SE", "moms", 2500), new("SI", "DDV", 2200), new("SK", "DPH", 2300),
        new("ZA", "VAT", 1500),
    ];

    public static KnownVatRate? For(string? countryCode) =>
        All.FirstOrDefault(r => string.Equals(r.CountryCode, countryCode?.Trim(), StringComparison.OrdinalIgnoreCase));
}
