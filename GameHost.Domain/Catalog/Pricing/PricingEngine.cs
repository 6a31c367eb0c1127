using GameHost.Domain.Common;

namespace GameHost.Domain.Catalog.Pricing;

/// <summary>
/// Prices an order from a tariff version, the add-ons offered with it and an optional promo code. Pure: the caller
/// loads everything (including the promo's use counts and the current time), so every rule is testable on its own.
/// All amounts are in the requested currency; nothing is converted.
/// </summary>
public static class PricingEngine
{
    /// <summary>
    /// Percent discounts round half away from zero (the usual commercial rounding on invoices), once on the total they
    /// apply to; the result is then spread over the lines so each line's share is never more than the line.
    /// </summary>
    public const MidpointRounding PercentRounding = MidpointRounding.AwayFromZero;

    public const int FullPercentBasisPoints = 10_000;

    public static Result<Quote> Price(PricingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sheet = request.Tariff;
        var currency = request.Currency;
        if (!request.Period.Fits(sheet.BillingModel))
        {
            return CatalogErrors.PeriodNotOffered;
        }

        var periodPrice = Find(sheet.Prices, request.Period, currency);
        if (periodPrice is null)
        {
            return CatalogErrors.PriceMissing(currency.Code, request.Period, "The tariff");
        }

        var lines = new List<QuoteLine>
        {
            new(QuoteLineKind.Period, "period", sheet.Name, 1, 1, periodPrice.Value, periodPrice.Value),
        };

        var addOns = PriceAddOns(request, lines);
        if (addOns.Error is not null)
        {
            return addOns.Error;
        }

        if (sheet.SetupFees.Count > 0)
        {
            var fee = sheet.SetupFees.Where(f => f.Currency.Code == currency.Code).Select(f => (Money?)f).FirstOrDefault();
            if (fee is null)
            {
                return CatalogErrors.PriceMissing(currency.Code, request.Period, "The setup fee");
            }

            if (!fee.Value.IsZero)
            {
                lines.Add(new QuoteLine(QuoteLineKind.SetupFee, "setup-fee", sheet.Name, 1, 1, fee.Value, fee.Value));
            }
        }

        AppliedPromo? applied = null;
        if (request.Promo is not null)
        {
            var discount = ApplyPromo(request, request.Promo, lines);
            if (!discount.IsSuccess)
            {
                return discount.Error;
            }

            applied = discount.Value;
        }

        return new Quote(sheet.TariffId, sheet.VersionNumber, currency, request.Period, sheet.TrialDays, lines, addOns.Value!, applied);
    }

    private static Result<IReadOnlyDictionary<string, int>> PriceAddOns(PricingRequest request, List<QuoteLine> lines)
    {
        var offered = request.OfferedAddOns.ToDictionary(a => a.Key, StringComparer.Ordinal);
        foreach (var key in request.AddOnQuantities.Keys)
        {
            if (!offered.ContainsKey(key))
            {
                return CatalogErrors.AddOnNotOffered(key);
            }
        }

        var quantities = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var addOn in request.OfferedAddOns.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var quantity = request.AddOnQuantities.TryGetValue(addOn.Key, out var chosen) ? chosen : addOn.DefaultQuantity;
            if (quantity < addOn.MinQuantity || quantity > addOn.MaxQuantity)
            {
                return CatalogErrors.AddOnQuantityOutOfRange(addOn.Key, addOn.MinQuantity, addOn.MaxQuantity);
            }

            quantities[addOn.Key] = quantity;
            if (quantity == 0)
            {
                continue;
            }

            var charged = Math.Max(0, quantity - addOn.IncludedQuantity);
            var unitPrice = Find(addOn.UnitPrices, request.Period, request.Currency);
            if (unitPrice is null && charged > 0)
            {
                return CatalogErrors.PriceMissing(request.Currency.Code, request.Period, $"The add-on '{addOn.Key}'");
            }

            var unit = unitPrice ?? Money.Zero(request.Currency);
            lines.Add(new QuoteLine(QuoteLineKind.AddOn, addOn.Key, addOn.Name, quantity, charged, unit,
                new Money(checked(unit.Minor * charged), request.Currency)));
        }

        return quantities;
    }

    private static Result<AppliedPromo> ApplyPromo(PricingRequest request, PromoTerms promo, List<QuoteLine> lines)
    {
        var check = CheckPromo(request, promo);
        if (check is not null)
        {
            return check;
        }

        var targets = lines
            .Select((line, index) => (line, index))
            .Where(x => promo.AppliesTo == PromoAppliesTo.SetupFee
                ? x.line.Kind == QuoteLineKind.SetupFee
                : x.line.Kind is QuoteLineKind.Period or QuoteLineKind.AddOn)
            .ToList();
        var currency = request.Currency;
        var basis = targets.Aggregate(Money.Zero(currency), (sum, x) => sum + x.line.Amount);
        if (basis.Minor <= 0)
        {
            // Nothing to discount (e.g. a setup-fee code on a tariff without a setup fee): say so rather than accept it silently.
            return CatalogErrors.PromoNotApplicable;
        }

        Money discount;
        if (promo.Kind == PromoDiscountKind.Percent)
        {
            var basisPoints = Math.Clamp(promo.PercentBasisPoints ?? 0, 0, FullPercentBasisPoints);
            discount = basis.Multiply(basisPoints / (decimal)FullPercentBasisPoints, PercentRounding);
        }
        else
        {
            var fixedAmount = promo.FixedAmounts.First(a => a.Currency.Code == currency.Code);
            discount = fixedAmount < basis ? fixedAmount : basis;
        }

        if (discount.IsZero)
        {
            return CatalogErrors.PromoNotApplicable;
        }

        var shares = discount.Allocate(targets.Select(x => x.line.Amount.Minor).ToList());
        for (var i = 0; i < targets.Count; i++)
        {
            if (!shares[i].IsZero)
            {
                lines.Add(new QuoteLine(QuoteLineKind.Discount, promo.Code, LocalizedText.Same(promo.Code), 1, 1, -shares[i], -shares[i], targets[i].index));
            }
        }

        var periods = promo.AppliesTo switch
        {
            PromoAppliesTo.SetupFee => 0,
            PromoAppliesTo.FirstPeriod => 1,
            // A one-off purchase has no later periods to discount.
            _ => request.Period == BillingPeriod.OneOff ? 1 : Math.Max(1, promo.DiscountedPeriods),
        };
        return new AppliedPromo(promo.PromoCodeId, promo.Code, promo.AppliesTo, periods);
    }

    private static Error? CheckPromo(PricingRequest request, PromoTerms promo)
    {
        if (promo.IsDisabled)
        {
            return CatalogErrors.PromoInvalid;
        }

        if (promo.ValidFromUtc is { } from && request.NowUtc < from)
        {
            return CatalogErrors.PromoNotYetValid;
        }

        if (promo.ValidUntilUtc is { } until && request.NowUtc >= until)
        {
            return CatalogErrors.PromoExpired;
        }

        if (promo.MaxUses is { } max && request.PromoUsage.TotalUses >= max)
        {
            return CatalogErrors.PromoExhausted;
        }

        if (promo.PerCustomerLimit is { } perCustomer && request.PromoUsage.CustomerUses >= perCustomer)
        {
            return CatalogErrors.PromoCustomerLimitReached;
        }

        var code = request.Currency.Code;
        if ((promo.TariffIds.Count > 0 && !promo.TariffIds.Contains(request.Tariff.TariffId))
            || (promo.Periods.Count > 0 && !promo.Periods.Contains(request.Period))
            || (promo.Currencies.Count > 0 && !promo.Currencies.Contains(code, StringComparer.Ordinal))
            || (promo.Kind == PromoDiscountKind.Fixed && !promo.FixedAmounts.Any(a => a.Currency.Code == code)))
        {
            return CatalogErrors.PromoNotApplicable;
        }

        return null;
    }

    private static Money? Find(IReadOnlyList<PriceSpec> prices, BillingPeriod period, Currency currency) =>
        prices.Where(p => p.Period == period && p.Amount.Currency.Code == currency.Code).Select(p => (Money?)p.Amount).FirstOrDefault();
}
