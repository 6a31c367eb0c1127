using GameHost.Domain.Common;

namespace GameHost.Domain.Catalog.Pricing;

/// <summary>What the engine needs of a tariff version to price it.</summary>
public sealed record TariffPriceSheet(
    Guid TariffId,
    int VersionNumber,
    LocalizedText Name,
    BillingModel BillingModel,
    IReadOnlyList<PriceSpec> Prices,
    IReadOnlyList<Money> SetupFees,
    int TrialDays)
{
    public static TariffPriceSheet Of(Tariff tariff, TariffVersion version)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(version);
        return new TariffPriceSheet(
            tariff.Id,
            version.Number,
            version.Name,
            tariff.BillingModel,
            version.Prices.Select(p => new PriceSpec(p.Period, p.Amount)).ToList(),
            version.SetupFees.Select(f => f.Amount).ToList(),
            version.TrialDays);
    }
}

/// <summary>What the engine needs of an add-on offered with the tariff.</summary>
public sealed record AddOnOffer(
    Guid AddOnId,
    string Key,
    LocalizedText Name,
    AddOnUnit Unit,
    int AmountPerUnit,
    int MinQuantity,
    int MaxQuantity,
    int IncludedQuantity,
    IReadOnlyList<PriceSpec> UnitPrices)
{
    public static AddOnOffer Of(AddOn addOn)
    {
        ArgumentNullException.ThrowIfNull(addOn);
        return new AddOnOffer(addOn.Id, addOn.Key, addOn.Name, addOn.Unit, addOn.AmountPerUnit, addOn.MinQuantity, addOn.MaxQuantity,
            addOn.IncludedQuantity, addOn.Prices.Select(p => new PriceSpec(p.Period, p.Amount)).ToList());
    }

    /// <summary>When the customer picks nothing, they get what is included (but at least the minimum).</summary>
    public int DefaultQuantity => Math.Max(MinQuantity, IncludedQuantity);
}

/// <summary>The terms of a promo code, and how often it has been used (by everyone, and by this customer).</summary>
public sealed record PromoTerms(
    Guid PromoCodeId,
    string Code,
    PromoDiscountKind Kind,
    int? PercentBasisPoints,
    IReadOnlyList<Money> FixedAmounts,
    PromoAppliesTo AppliesTo,
    int DiscountedPeriods,
    int? MaxUses,
    int? PerCustomerLimit,
    DateTime? ValidFromUtc,
    DateTime? ValidUntilUtc,
    IReadOnlyList<Guid> TariffIds,
    IReadOnlyList<BillingPeriod> Periods,
    IReadOnlyList<string> Currencies,
    bool IsDisabled)
{
    public static PromoTerms Of(PromoCode promo)
    {
        ArgumentNullException.ThrowIfNull(promo);
        return new PromoTerms(promo.Id, promo.Code, promo.Kind, promo.PercentBasisPoints, promo.FixedAmounts.Select(a => a.Amount).ToList(),
            promo.AppliesTo, promo.DiscountedPeriods, promo.MaxUses, promo.PerCustomerLimit, promo.ValidFromUtc, promo.ValidUntilUtc,
            promo.TariffIds.ToList(), promo.Periods.ToList(), promo.Currencies.ToList(), promo.IsDisabled);
    }
}

/// <summary>How often a promo code has been used, not counting the order being quoted (a retry of it).</summary>
public sealed record PromoUsage(int TotalUses, int CustomerUses)
{
    public static readonly PromoUsage None = new(0, 0);
}

public sealed record PricingRequest(
    TariffPriceSheet Tariff,
    Currency Currency,
    BillingPeriod Period,
    IReadOnlyList<AddOnOffer> OfferedAddOns,
    IReadOnlyDictionary<string, int> AddOnQuantities,
    PromoTerms? Promo,
    PromoUsage PromoUsage,
    DateTime NowUtc);

public enum QuoteLineKind
{
    Period = 0,
    AddOn = 1,
    SetupFee = 2,
    Discount = 3,
}

/// <summary>
/// One line of a quote. <see cref="Amount"/> is net of tax. Discount lines are negative and name the line they reduce
/// (<see cref="DiscountsLine"/>), so billing can tax each line on its discounted amount.
/// </summary>
public sealed record QuoteLine(
    QuoteLineKind Kind,
    string Code,
    LocalizedText Description,
    int Quantity,
    int ChargedQuantity,
    Money UnitPrice,
    Money Amount,
    int? DiscountsLine = null);

/// <summary>A promo code as it applies to the order: billing discounts the renewals after the first period it covers.</summary>
public sealed record AppliedPromo(Guid PromoCodeId, string Code, PromoAppliesTo AppliesTo, int DiscountedPeriods);

/// <summary>
/// A priced order, all in one currency and net: tax is not part of it. Billing adds tax per line when it turns
/// the quote into an invoice, and stores the lines so the service keeps these prices on renewal.
/// </summary>
public sealed record Quote(
    Guid TariffId,
    int TariffVersionNumber,
    Currency Currency,
    BillingPeriod Period,
    int TrialDays,
    IReadOnlyList<QuoteLine> Lines,
    IReadOnlyDictionary<string, int> AddOnQuantities,
    AppliedPromo? Promo)
{
    /// <summary>Every charge before discounts.</summary>
    public Money Subtotal => Sum(Lines.Where(l => l.Kind != QuoteLineKind.Discount));

    /// <summary>The discounts, as a negative amount (or zero).</summary>
    public Money DiscountTotal => Sum(Lines.Where(l => l.Kind == QuoteLineKind.Discount));

    /// <summary>What the first invoice charges before tax.</summary>
    public Money NetTotal => Sum(Lines);

    /// <summary>What each later period costs before tax and before any remaining promo periods: period price and add-ons.</summary>
    public Money RecurringNet => Period == BillingPeriod.OneOff
        ? Money.Zero(Currency)
        : Sum(Lines.Where(l => l.Kind is QuoteLineKind.Period or QuoteLineKind.AddOn));

    private Money Sum(IEnumerable<QuoteLine> lines) => lines.Aggregate(Money.Zero(Currency), (total, line) => total + line.Amount);
}
