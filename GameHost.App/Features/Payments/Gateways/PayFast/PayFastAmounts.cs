using System.Globalization;
using System.Text.RegularExpressions;
using GameHost.Domain.Common;

namespace GameHost.App.Features.Payments.Gateways.PayFast;

/// <summary>The one formatter between our money and PayFast's amount strings: ZAR, two decimals, a dot, any culture.</summary>
public static partial class PayFastAmounts
{
    public static string Format(Money money)
    {
        if (money.Currency.Code != "ZAR")
        {
            throw new ArgumentException("PayFast only takes ZAR.", nameof(money));
        }

        return money.ToMajor().ToString("0.00", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads <c>150.00</c> / <c>-3.45</c> exactly; null for anything else (commas, more decimals, exponents).</summary>
    public static Money? Parse(string? value)
    {
        if (value is null || !AmountPattern().IsMatch(value))
        {
            return null;
        }

        var major = decimal.Parse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return Money.FromMajor(major, Currency.ZAR, MidpointRounding.ToEven);
    }

    [GeneratedRegex(@"^-?\d{1,15}(\.\d{1,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();
}
