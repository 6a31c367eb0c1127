using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Pricing;
using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Renewals;

/// <summary>One line of a renewal before tax.</summary>
public sealed record RenewalLine(InvoiceLineKind Kind, string Code, LocalizedText Description, Money Net);

/// <summary>
/// What a renewal bills: the subscription's locked recurring price (period and add-ons, as set at the order or by a
/// scheduled price change) for one more period, less the promo discount while the promo still has periods left.
/// </summary>
public static class RenewalPricing
{
    public static IReadOnlyList<RenewalLine> LinesFor(Subscription subscription, PromoCode? promo)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var months = subscription.Period.Months() ?? 1;
        var lines = new List<RenewalLine>
        {
            new(InvoiceLineKind.Period, "renewal", new LocalizedText(
                $"Renewal of {subscription.ServerName}, {months} {(months == 1 ? "month" : "months")}",
                $"Renovación de {subscription.ServerName}, {months} {(months == 1 ? "mes" : "meses")}"), subscription.RecurringNet),
        };
        var discount = DiscountFor(subscription, promo);
        if (discount is { IsZero: false } amount)
        {
            lines.Add(new(InvoiceLineKind.Discount, promo!.Code, new LocalizedText($"Discount {promo.Code}", $"Descuento {promo.Code}"), -amount));
        }

        return lines;
    }

    /// <summary>The discount for this renewal (never more than the renewal itself), or null when none applies.</summary>
    public static Money? DiscountFor(Subscription subscription, PromoCode? promo)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (promo is null || subscription.PromoPeriodsLeft <= 0 || promo.AppliesTo != PromoAppliesTo.NPeriods)
        {
            return null;
        }

        var basis = subscription.RecurringNet;
        Money discount;
        if (promo.Kind == PromoDiscountKind.Percent)
        {
            var basisPoints = Math.Clamp(promo.PercentBasisPoints ?? 0, 0, PricingEngine.FullPercentBasisPoints);
            discount = basis.Multiply(basisPoints / (decimal)PricingEngine.FullPercentBasisPoints, PricingEngine.PercentRounding);
        }
        else
        {
            var fixedAmount = promo.FixedAmounts.FirstOrDefault(a => a.Amount.Currency == basis.Currency);
            if (fixedAmount is null)
            {
                return null;
            }

            discount = fixedAmount.Amount;
        }

        return discount > basis ? basis : discount;
    }
}
