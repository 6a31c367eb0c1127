using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Taxes;
using GameHost.Domain.Common;

namespace GameHost.Tests.Domain.Billing.Taxes;

/// <summary>The one tax formula: inclusive and exclusive prices, exempt, reverse charge, no rule, and rounding per line.</summary>
public class TaxCalculatorTests
{
    private static TaxRule Rule(int rate, bool inclusive, bool reverseCharge = false) =>
        new() { CountryCode = "XX", Name = "VAT", RateBasisPoints = rate, PricesIncludeTax = inclusive, ReverseChargeForBusinesses = reverseCharge };

    [Theory]
    // price, rate (bp), inclusive → net, tax
    [InlineData(10000, 1500, false, 10000, 1500)]
    [InlineData(11500, 1500, true, 10000, 1500)]
    [InlineData(18900, 1500, true, 16435, 2465)] // 2465.217… rounds down
    [InlineData(18900, 1500, false, 18900, 2835)]
    [InlineData(10, 1500, false, 10, 2)] // 1.5 → 2: half away from zero
    [InlineData(30, 500, false, 30, 2)] // 1.5 → 2
    [InlineData(-10, 1500, false, -10, -2)] // a discount line: −1.5 → −2, symmetric
    [InlineData(1, 2100, true, 1, 0)] // 0.17… → 0
    [InlineData(121, 2100, true, 100, 21)]
    [InlineData(999, 2550, true, 796, 203)] // Finland 25.5 %: 203.0…
    [InlineData(0, 1500, true, 0, 0)]
    [InlineData(10000, 0, false, 10000, 0)]
    public void Compute_StandardRate_SplitsNetAndTaxRoundedPerLine(long price, int rate, bool inclusive, long net, long tax)
    {
        var result = TaxCalculator.Compute(new Money(price, Currency.ZAR), Rule(rate, inclusive), TaxTreatment.Standard);

        Assert.Equal((net, tax, rate, TaxTreatment.Standard), (result.Net.Minor, result.Tax.Minor, result.RateBasisPoints, result.Treatment));
        Assert.Equal(price + (inclusive ? 0 : tax), result.Gross.Minor);
    }

    [Theory]
    [InlineData(TaxTreatment.Exempt, true, 10000)]
    [InlineData(TaxTreatment.Exempt, false, 11500)]
    [InlineData(TaxTreatment.ReverseCharge, true, 10000)]
    [InlineData(TaxTreatment.ReverseCharge, false, 11500)]
    public void Compute_ExemptOrReverseCharge_NoTaxAndTheNetWithoutIncludedTax(TaxTreatment treatment, bool inclusive, long net)
    {
        var result = TaxCalculator.Compute(new Money(11500, Currency.EUR), Rule(1500, inclusive), treatment);

        Assert.Equal((net, 0L, 0, treatment), (result.Net.Minor, result.Tax.Minor, result.RateBasisPoints, result.Treatment));
    }

    [Fact]
    public void Compute_NoRule_PriceIsNetAndNoTaxApplies()
    {
        var result = TaxCalculator.Compute(new Money(4321, Currency.USD), null, TaxTreatment.Standard);

        Assert.Equal((4321L, 0L, 0, TaxTreatment.NoRule), (result.Net.Minor, result.Tax.Minor, result.RateBasisPoints, result.Treatment));
        Assert.Equal(Currency.USD, result.Tax.Currency);
    }

    [Fact]
    public void Compute_JapaneseYenWithoutMinorUnits_RoundsToWholeYen()
    {
        var result = TaxCalculator.Compute(new Money(1005, Currency.JPY), Rule(1000, inclusive: false), TaxTreatment.Standard);

        Assert.Equal((1005L, 101L), (result.Net.Minor, result.Tax.Minor)); // 100.5 → 101
    }

    [Theory]
    // buyer country, VAT number, exempt, rule reverse charge, seller → treatment
    [InlineData("ES", "ESB12345678", false, true, "ZA", TaxTreatment.ReverseCharge)]
    [InlineData("ES", null, false, true, "ZA", TaxTreatment.Standard)] // a consumer pays VAT
    [InlineData("ES", "ESB12345678", false, false, "ZA", TaxTreatment.Standard)] // the rule does not reverse
    [InlineData("ZA", "4123456789", false, true, "ZA", TaxTreatment.Standard)] // never inside the seller's country
    [InlineData("ES", "ESB12345678", true, true, "ZA", TaxTreatment.Exempt)] // exempt comes first
    [InlineData("ZA", null, true, false, "ZA", TaxTreatment.Exempt)]
    public void TreatmentFor_Buyer_PicksExemptThenReverseChargeThenStandard(
        string country, string? vat, bool exempt, bool reverseCharge, string seller, TaxTreatment expected)
    {
        var buyer = new InvoiceBuyer("Buyer", vat is null ? null : "Company", country, vat, exempt);

        Assert.Equal(expected, TaxCalculator.TreatmentFor(buyer, Rule(2100, true, reverseCharge), seller));
    }

    [Fact]
    public void TreatmentFor_NoRule_IsNoRuleEvenForExemptBuyers()
    {
        Assert.Equal(TaxTreatment.NoRule, TaxCalculator.TreatmentFor(new InvoiceBuyer("B", null, "US", null, TaxExempt: true), null, "ZA"));
    }

    [Fact]
    public void KnownVatRates_EveryEuMemberAndSouthAfrica_HaveOneRate()
    {
        Assert.Equal(28, KnownVatRates.All.Select(r => r.CountryCode).Distinct().Count());
        Assert.Equal(1500, KnownVatRates.For("za")!.RateBasisPoints);
        Assert.Equal(2100, KnownVatRates.For("ES")!.RateBasisPoints);
        Assert.Null(KnownVatRates.For("US"));
    }
}
