using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Pricing;
using GameHost.Domain.Common;

namespace GameHost.Tests.Domain.Catalog;

/// <summary>The pure pricing rules: periods, add-ons, setup fees and promo codes, with no database.</summary>
public class PricingEngineTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid TariffId = Guid.NewGuid();

    private static Money Usd(long minor) => new(minor, Currency.USD);

    private static Money Zar(long minor) => new(minor, Currency.ZAR);

    private static TariffPriceSheet Sheet(
        IReadOnlyList<PriceSpec>? prices = null, IReadOnlyList<Money>? setupFees = null, BillingModel model = BillingModel.PrepaidPeriodic) =>
        new(TariffId, 3, LocalizedText.Same("Paper 4 GB"), model,
            prices ??
            [
                new PriceSpec(BillingPeriod.Month1, Usd(1000)),
                new PriceSpec(BillingPeriod.Month3, Usd(2850)),
                new PriceSpec(BillingPeriod.Month6, Usd(5400)),
                new PriceSpec(BillingPeriod.Month12, Usd(10200)),
                new PriceSpec(BillingPeriod.OneOff, Usd(4000)),
                new PriceSpec(BillingPeriod.Month1, Zar(18000)),
            ],
            setupFees ?? [], 0);

    private static AddOnOffer Memory(int min = 0, int max = 8, int included = 0) =>
        new(Guid.NewGuid(), "extra-memory", LocalizedText.Same("+1 GB"), AddOnUnit.MemoryMb, 1024, min, max, included,
            [new PriceSpec(BillingPeriod.Month1, Usd(250)), new PriceSpec(BillingPeriod.Month3, Usd(700)), new PriceSpec(BillingPeriod.Month1, Zar(4500))]);

    private static AddOnOffer Backups(int included = 2) =>
        new(Guid.NewGuid(), "backup-slot", LocalizedText.Same("+1 backup"), AddOnUnit.BackupSlot, 1, 0, 10, included,
            [new PriceSpec(BillingPeriod.Month1, Usd(50))]);

    private static PromoTerms Promo(
        PromoDiscountKind kind = PromoDiscountKind.Percent,
        int? basisPoints = 1000,
        IReadOnlyList<Money>? fixedAmounts = null,
        PromoAppliesTo appliesTo = PromoAppliesTo.FirstPeriod,
        int periods = 1,
        int? maxUses = null,
        int? perCustomer = null,
        DateTime? from = null,
        DateTime? until = null,
        IReadOnlyList<Guid>? tariffs = null,
        IReadOnlyList<BillingPeriod>? onlyPeriods = null,
        IReadOnlyList<string>? currencies = null,
        bool disabled = false) =>
        new(Guid.NewGuid(), "SAVE", kind, basisPoints, fixedAmounts ?? [], appliesTo, periods, maxUses, perCustomer, from, until,
            tariffs ?? [], onlyPeriods ?? [], currencies ?? [], disabled);

    private static Result<Quote> Price(
        BillingPeriod period = BillingPeriod.Month1,
        string currency = "USD",
        TariffPriceSheet? sheet = null,
        IReadOnlyList<AddOnOffer>? addOns = null,
        Dictionary<string, int>? quantities = null,
        PromoTerms? promo = null,
        PromoUsage? usage = null,
        DateTime? now = null) =>
        PricingEngine.Price(new PricingRequest(sheet ?? Sheet(), Currency.FromCode(currency), period, addOns ?? [], quantities ?? [],
            promo, usage ?? PromoUsage.None, now ?? Now));

    [Theory]
    [InlineData(BillingPeriod.Month1, "USD", 1000)]
    [InlineData(BillingPeriod.Month3, "USD", 2850)]
    [InlineData(BillingPeriod.Month6, "USD", 5400)]
    [InlineData(BillingPeriod.Month12, "USD", 10200)]
    [InlineData(BillingPeriod.OneOff, "USD", 4000)]
    [InlineData(BillingPeriod.Month1, "ZAR", 18000)]
    public void Price_EachPeriod_ChargesThatPeriodsPriceInThatCurrency(BillingPeriod period, string currency, long expected)
    {
        var quote = Price(period, currency).Value!;

        var line = Assert.Single(quote.Lines);
        Assert.Equal(QuoteLineKind.Period, line.Kind);
        Assert.Equal(new Money(expected, Currency.FromCode(currency)), quote.NetTotal);
        Assert.Equal((TariffId, 3, period), (quote.TariffId, quote.TariffVersionNumber, quote.Period));
    }

    [Fact]
    public void Price_NoPriceForThatCurrencyAndPeriod_FailsWithPriceMissing()
    {
        Assert.Equal("catalog.price_missing", Price(BillingPeriod.Month3, "ZAR").Error?.Code);
        Assert.Equal("catalog.price_missing", Price(BillingPeriod.Month1, "EUR").Error?.Code);
    }

    [Fact]
    public void Price_PeriodOfAnotherBillingModel_FailsWithPeriodNotOffered()
    {
        Assert.Equal("catalog.period_not_offered", Price(BillingPeriod.Hour).Error?.Code);
    }

    [Fact]
    public void Price_PayAsYouGoHourly_QuotesTheHourlyRate()
    {
        var sheet = Sheet([new PriceSpec(BillingPeriod.Hour, Usd(2))], model: BillingModel.PayAsYouGoHourly);

        var quote = Price(BillingPeriod.Hour, sheet: sheet).Value!;

        Assert.Equal(Usd(2), quote.NetTotal);
        Assert.Equal("catalog.period_not_offered", Price(BillingPeriod.Month1, sheet: sheet).Error?.Code);
    }

    [Fact]
    public void Price_AddOnAboveIncluded_ChargesOnlyTheUnitsBeyondIncluded()
    {
        var quote = Price(addOns: [Backups(included: 2)], quantities: new() { ["backup-slot"] = 5 }).Value!;

        var line = Assert.Single(quote.Lines, l => l.Kind == QuoteLineKind.AddOn);
        Assert.Equal((5, 3, Usd(50), Usd(150)), (line.Quantity, line.ChargedQuantity, line.UnitPrice, line.Amount));
        Assert.Equal(Usd(1150), quote.NetTotal);
    }

    [Fact]
    public void Price_AddOnNotChosen_GetsTheIncludedQuantityFree()
    {
        var quote = Price(addOns: [Backups(included: 2), Memory()]).Value!;

        var line = Assert.Single(quote.Lines, l => l.Kind == QuoteLineKind.AddOn);
        Assert.Equal(("backup-slot", 2, 0, Usd(0)), (line.Code, line.Quantity, line.ChargedQuantity, line.Amount));
        Assert.Equal(2, quote.AddOnQuantities["backup-slot"]);
        Assert.Equal(0, quote.AddOnQuantities["extra-memory"]);
        Assert.Equal(Usd(1000), quote.NetTotal);
    }

    [Fact]
    public void Price_AddOnForLongerPeriod_UsesThatPeriodsUnitPrice()
    {
        var quote = Price(BillingPeriod.Month3, addOns: [Memory()], quantities: new() { ["extra-memory"] = 2 }).Value!;

        Assert.Equal(Usd(1400), Assert.Single(quote.Lines, l => l.Kind == QuoteLineKind.AddOn).Amount);
        Assert.Equal(Usd(4250), quote.NetTotal);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(-1)]
    public void Price_AddOnQuantityOutsideMinMax_FailsWithOutOfRange(int quantity)
    {
        var result = Price(addOns: [Memory(min: 0, max: 8)], quantities: new() { ["extra-memory"] = quantity });

        Assert.Equal("catalog.addon_quantity_out_of_range", result.Error?.Code);
        Assert.Equal("AddOns.extra-memory", result.Error?.Field);
    }

    [Fact]
    public void Price_AddOnBelowItsMinimumByDefault_IsRaisedToTheMinimum()
    {
        var quote = Price(addOns: [Memory(min: 1)]).Value!;

        Assert.Equal(Usd(250), Assert.Single(quote.Lines, l => l.Kind == QuoteLineKind.AddOn).Amount);
    }

    [Fact]
    public void Price_AddOnTheTariffDoesNotOffer_FailsWithNotOffered()
    {
        Assert.Equal("catalog.addon_not_offered", Price(addOns: [Memory()], quantities: new() { ["ghost"] = 1 }).Error?.Code);
    }

    [Fact]
    public void Price_AddOnWithoutPriceInThatCurrency_FailsWithPriceMissing()
    {
        var result = Price(currency: "ZAR", addOns: [Backups(included: 0)], quantities: new() { ["backup-slot"] = 1 });

        Assert.Equal("catalog.price_missing", result.Error?.Code);
    }

    [Fact]
    public void Price_SetupFee_AddsAOneTimeLineThatDoesNotRecur()
    {
        var quote = Price(sheet: Sheet(setupFees: [Usd(500), Zar(8500)])).Value!;

        Assert.Equal(Usd(500), Assert.Single(quote.Lines, l => l.Kind == QuoteLineKind.SetupFee).Amount);
        Assert.Equal(Usd(1500), quote.NetTotal);
        Assert.Equal(Usd(1000), quote.RecurringNet);
    }

    [Fact]
    public void Price_SetupFeeMissingForTheCurrency_FailsWithPriceMissingRatherThanWaivingIt()
    {
        Assert.Equal("catalog.price_missing", Price(currency: "ZAR", sheet: Sheet(setupFees: [Usd(500)])).Error?.Code);
    }

    [Fact]
    public void Price_PercentOnFirstPeriod_DiscountsPeriodAndAddOnsButNotSetupFee()
    {
        var quote = Price(sheet: Sheet(setupFees: [Usd(500)]), addOns: [Memory()], quantities: new() { ["extra-memory"] = 2 }, promo: Promo()).Value!;

        // 10 % of (10.00 + 5.00) = 1.50, spread over the two lines in proportion.
        var discounts = quote.Lines.Where(l => l.Kind == QuoteLineKind.Discount).ToList();
        Assert.Equal([Usd(-100), Usd(-50)], discounts.Select(d => d.Amount));
        Assert.Equal([0, 1], discounts.Select(d => d.DiscountsLine!.Value));
        Assert.Equal(Usd(-150), quote.DiscountTotal);
        Assert.Equal(Usd(2000), quote.Subtotal);
        Assert.Equal(Usd(1850), quote.NetTotal);
        Assert.Equal(new AppliedPromo(quote.Promo!.PromoCodeId, "SAVE", PromoAppliesTo.FirstPeriod, 1), quote.Promo);
    }

    [Fact]
    public void Price_PercentHalfAMinorUnit_RoundsHalfAwayFromZeroOnce()
    {
        // 10 % of 19.85 = 1.985: half away from zero gives 1.99 (banker's rounding would give 1.98).
        var sheet = Sheet([new PriceSpec(BillingPeriod.Month1, Usd(1985))]);

        var quote = Price(sheet: sheet, promo: Promo()).Value!;

        Assert.Equal(Usd(-199), quote.DiscountTotal);
        Assert.Equal(Usd(1786), quote.NetTotal);
    }

    [Fact]
    public void Price_PercentOverSeveralLines_RoundsTheTotalOnceAndSpreadsItExactly()
    {
        // 10 % of 10.05 + 10.05: rounding per line would give 1.01 + 1.01 = 2.02; rounding the total gives 2.01.
        var sheet = Sheet([new PriceSpec(BillingPeriod.Month1, Usd(1005))]);
        var port = new AddOnOffer(Guid.NewGuid(), "extra-port", LocalizedText.Same("+1 port"), AddOnUnit.Allocation, 1, 0, 5, 0,
            [new PriceSpec(BillingPeriod.Month1, Usd(1005))]);

        var quote = Price(sheet: sheet, addOns: [port], quantities: new() { ["extra-port"] = 1 }, promo: Promo()).Value!;

        Assert.Equal(Usd(-201), quote.DiscountTotal);
        Assert.Equal([Usd(-101), Usd(-100)], quote.Lines.Where(l => l.Kind == QuoteLineKind.Discount).Select(l => l.Amount));
        Assert.All(quote.Lines.Where(l => l.Kind == QuoteLineKind.Discount),
            d => Assert.True(-d.Amount.Minor <= quote.Lines[d.DiscountsLine!.Value].Amount.Minor));
    }

    [Fact]
    public void Price_HundredPercent_MakesTheLineFreeButNeverNegative()
    {
        var quote = Price(promo: Promo(basisPoints: 10_000)).Value!;

        Assert.Equal(Usd(0), quote.NetTotal);
    }

    [Fact]
    public void Price_FixedAmountAboveWhatItAppliesTo_IsCappedAtThatAmount()
    {
        var quote = Price(sheet: Sheet(setupFees: [Usd(500)]), promo: Promo(PromoDiscountKind.Fixed, null, [Usd(5000)])).Value!;

        Assert.Equal(Usd(-1000), quote.DiscountTotal);
        Assert.Equal(Usd(500), quote.NetTotal);
    }

    [Fact]
    public void Price_FixedAmount_UsesTheAmountOfTheQuotesCurrency()
    {
        var quote = Price(currency: "ZAR", promo: Promo(PromoDiscountKind.Fixed, null, [Usd(300), Zar(5000)])).Value!;

        Assert.Equal(Zar(-5000), quote.DiscountTotal);
        Assert.Equal(Zar(13000), quote.NetTotal);
    }

    [Fact]
    public void Price_FixedWithoutAmountInThatCurrency_FailsWithNotApplicable()
    {
        Assert.Equal("catalog.promo_not_applicable", Price(currency: "ZAR", promo: Promo(PromoDiscountKind.Fixed, null, [Usd(300)])).Error?.Code);
    }

    [Fact]
    public void Price_NPeriods_DiscountsTheFirstAndTellsBillingHowManyPeriodsInAll()
    {
        var quote = Price(BillingPeriod.Month3, promo: Promo(appliesTo: PromoAppliesTo.NPeriods, periods: 3, basisPoints: 2000)).Value!;

        Assert.Equal(Usd(-570), quote.DiscountTotal);
        Assert.Equal(3, quote.Promo!.DiscountedPeriods);
        Assert.Equal(Usd(2850), quote.RecurringNet);
    }

    [Fact]
    public void Price_NPeriodsOnAOneOffPurchase_CoversTheOnePurchaseOnly()
    {
        var quote = Price(BillingPeriod.OneOff, promo: Promo(appliesTo: PromoAppliesTo.NPeriods, periods: 3)).Value!;

        Assert.Equal(1, quote.Promo!.DiscountedPeriods);
        Assert.Equal(Usd(0), quote.RecurringNet);
    }

    [Fact]
    public void Price_SetupFeePromo_DiscountsOnlyTheSetupFee()
    {
        var quote = Price(sheet: Sheet(setupFees: [Usd(500)]), promo: Promo(appliesTo: PromoAppliesTo.SetupFee, basisPoints: 5000, periods: 0)).Value!;

        var discount = Assert.Single(quote.Lines, l => l.Kind == QuoteLineKind.Discount);
        Assert.Equal(Usd(-250), discount.Amount);
        Assert.Equal(QuoteLineKind.SetupFee, quote.Lines[discount.DiscountsLine!.Value].Kind);
        Assert.Equal(0, quote.Promo!.DiscountedPeriods);
    }

    [Fact]
    public void Price_SetupFeePromoOnTariffWithoutSetupFee_FailsWithNotApplicable()
    {
        Assert.Equal("catalog.promo_not_applicable", Price(promo: Promo(appliesTo: PromoAppliesTo.SetupFee)).Error?.Code);
    }

    public static TheoryData<string, PromoTerms> Restrictions => new()
    {
        { "other tariff", Promo(tariffs: [Guid.NewGuid()]) },
        { "other period", Promo(onlyPeriods: [BillingPeriod.Month12]) },
        { "other currency", Promo(currencies: ["ZAR"]) },
    };

    [Theory]
    [MemberData(nameof(Restrictions))]
    public void Price_PromoRestrictedElsewhere_FailsWithNotApplicable(string restriction, PromoTerms promo)
    {
        Assert.Equal("catalog.promo_not_applicable", Price(promo: promo).Error?.Code);
        Assert.NotNull(restriction);
    }

    [Fact]
    public void Price_PromoRestrictedToThisTariffPeriodAndCurrency_Applies()
    {
        var promo = Promo(tariffs: [TariffId], onlyPeriods: [BillingPeriod.Month1], currencies: ["USD"]);

        Assert.Equal(Usd(-100), Price(promo: promo).Value!.DiscountTotal);
    }

    [Fact]
    public void Price_PromoValidityWindow_StartsInclusiveAndEndsExclusive()
    {
        var from = Now.AddDays(1);
        var until = Now.AddDays(10);
        var promo = Promo(from: from, until: until);

        Assert.Equal("catalog.promo_not_yet_valid", Price(promo: promo, now: from.AddTicks(-1)).Error?.Code);
        Assert.True(Price(promo: promo, now: from).IsSuccess);
        Assert.True(Price(promo: promo, now: until.AddTicks(-1)).IsSuccess);
        Assert.Equal("catalog.promo_expired", Price(promo: promo, now: until).Error?.Code);
    }

    [Fact]
    public void Price_PromoUsedUp_FailsWithExhausted()
    {
        var promo = Promo(maxUses: 5);

        Assert.True(Price(promo: promo, usage: new PromoUsage(4, 0)).IsSuccess);
        Assert.Equal("catalog.promo_exhausted", Price(promo: promo, usage: new PromoUsage(5, 0)).Error?.Code);
    }

    [Fact]
    public void Price_PromoUsedByThisCustomerUpToTheLimit_FailsWithCustomerLimitReached()
    {
        var promo = Promo(perCustomer: 1);

        Assert.True(Price(promo: promo, usage: new PromoUsage(3, 0)).IsSuccess);
        Assert.Equal("catalog.promo_customer_limit_reached", Price(promo: promo, usage: new PromoUsage(3, 1)).Error?.Code);
    }

    [Fact]
    public void Price_DisabledPromo_FailsWithInvalid()
    {
        Assert.Equal("catalog.promo_invalid", Price(promo: Promo(disabled: true)).Error?.Code);
    }
}
