using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Taxes;

/// <summary>
/// The one place tax is computed. Rounding is per line, to the currency's minor unit, half away from zero
/// (<see cref="MidpointRounding.AwayFromZero"/>); the invoice totals are the sums of the rounded lines.
/// <list type="bullet">
/// <item>Prices exclude tax: net = price, tax = round(net × rate / 10 000).</item>
/// <item>Prices include tax: gross = price, tax = round(gross × rate / (10 000 + rate)), net = gross − tax.</item>
/// <item>No rule: net = price, no tax. Exempt or reverse charge: tax = 0 and the net is the price without the tax the
/// rule would have included (a business or exempt buyer pays the same net as everyone else).</item>
/// </list>
/// </summary>
public static class TaxCalculator
{
    public const MidpointRounding Rounding = MidpointRounding.AwayFromZero;

    public static LineTax Compute(Money price, TaxRule? rule, TaxTreatment treatment)
    {
        if (rule is null || treatment == TaxTreatment.NoRule)
        {
            return new LineTax(price, Money.Zero(price.Currency), 0, TaxTreatment.NoRule);
        }

        var rate = rule.RateBasisPoints;
        if (rate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rate, "A tax rate cannot be negative.");
        }

        long includedTax = rule.PricesIncludeTax ? Round(price.Minor * (decimal)rate / (10_000m + rate)) : 0;
        if (treatment is TaxTreatment.Exempt or TaxTreatment.ReverseCharge)
        {
            return new LineTax(new Money(price.Minor - includedTax, price.Currency), Money.Zero(price.Currency), 0, treatment);
        }

        if (rule.PricesIncludeTax)
        {
            return new LineTax(new Money(price.Minor - includedTax, price.Currency), new Money(includedTax, price.Currency), rate);
        }

        return new LineTax(price, new Money(Round(price.Minor * (decimal)rate / 10_000m), price.Currency), rate);
    }

    /// <summary>Which treatment a buyer gets under a rule: exempt first, then reverse charge, else the standard rate.</summary>
    public static TaxTreatment TreatmentFor(InvoiceBuyer buyer, TaxRule? rule, string sellerCountryCode)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        if (rule is null)
        {
            return TaxTreatment.NoRule;
        }

        if (buyer.TaxExempt)
        {
            return TaxTreatment.Exempt;
        }

        var business = !string.IsNullOrWhiteSpace(buyer.VatNumber);
        var abroad = !string.Equals(buyer.CountryCode?.Trim(), sellerCountryCode?.Trim(), StringComparison.OrdinalIgnoreCase);
        return rule.ReverseChargeForBusinesses && business && abroad ? TaxTreatment.ReverseCharge : TaxTreatment.Standard;
    }

    private static long Round(decimal minor) => (long)Math.Round(minor, 0, Rounding);
}
