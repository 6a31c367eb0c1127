using System.Collections.Frozen;
using GameHost.Domain.Common;

namespace GameHost.App.Features.Payments.Gateways.Stripe;

/// <summary>
/// The one place where our money meets Stripe's amounts: a <c>long</c> in Stripe's smallest unit and a lower-case
/// currency code. Stripe's unit equals the ISO minor unit for every currency GameHost offers on Stripe (JPY and KRW
/// are whole yen/won, never ×100); the three-decimal currencies are sent in thousandths but Stripe requires the last
/// digit to be zero. A currency where Stripe departs from ISO goes into <see cref="StripeDigits"/>.
/// </summary>
public static class StripeAmounts
{
    private static readonly FrozenSet<string> ThreeDecimal = new[] { "BHD", "JOD", "KWD", "OMR", "TND" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Currencies whose Stripe exponent differs from ISO 4217 (none of the ones offered today).</summary>
    private static readonly FrozenDictionary<string, int> StripeDigits = new Dictionary<string, int>().ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Our money as Stripe's <c>amount</c>; null when Stripe cannot take it exactly.</summary>
    public static long? ToStripeAmount(Money money)
    {
        var digits = StripeDigits.TryGetValue(money.Currency.Code, out var d) ? d : money.Currency.MinorDigits;
        var shift = digits - money.Currency.MinorDigits;
        long amount;
        if (shift >= 0)
        {
            amount = checked(money.Minor * Pow10(shift));
        }
        else
        {
            var divisor = Pow10(-shift);
            if (money.Minor % divisor != 0)
            {
                return null;
            }

            amount = money.Minor / divisor;
        }

        if (ThreeDecimal.Contains(money.Currency.Code) && amount % 10 != 0)
        {
            return null;
        }

        return amount;
    }

    public static string ToStripeCurrency(Currency currency) => currency.Code.ToLowerInvariant();

    /// <summary>Stripe's amount and currency as our money; null for a currency our table does not know.</summary>
    public static Money? FromStripe(long amount, string? stripeCurrency)
    {
        if (!Currency.TryFromCode(stripeCurrency?.ToUpperInvariant(), out var currency))
        {
            return null;
        }

        var digits = StripeDigits.TryGetValue(currency.Code, out var d) ? d : currency.MinorDigits;
        var shift = digits - currency.MinorDigits;
        var minor = shift >= 0 ? amount / Pow10(shift) : checked(amount * Pow10(-shift));
        return new Money(minor, currency);
    }

    private static long Pow10(int exponent)
    {
        long value = 1;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }
}
