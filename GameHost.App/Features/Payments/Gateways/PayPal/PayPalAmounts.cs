using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using GameHost.Domain.Common;

namespace GameHost.App.Features.Payments.Gateways.PayPal;

/// <summary>
/// The one place PayPal amounts are formatted and read (contract §1.6, §2.11). PayPal's <c>value</c> is a decimal
/// string in invariant culture with exactly the currency's PayPal digits: ISO digits, except HUF and TWD, which PayPal
/// sends without decimals although ISO gives them two. Reading accepts a string or a JSON number alike.
/// </summary>
public static class PayPalAmounts
{
    /// <summary>PayPal REST currencies (contract §2.11). ZAR is not one of them.</summary>
    public static readonly FrozenSet<string> PayPalCurrencies = new[]
    {
        "AUD", "BRL", "CAD", "CNY", "CZK", "DKK", "EUR", "HKD", "HUF", "ILS", "INR", "JPY", "MYR", "MXN", "TWD", "NZD",
        "NOK", "PHP", "PLN", "GBP", "SGD", "SEK", "CHF", "THB", "USD",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Where PayPal's digits differ from ISO 4217.</summary>
    private static readonly FrozenDictionary<string, int> PayPalDigitsOverride = new Dictionary<string, int>
    {
        ["HUF"] = 0,
        ["TWD"] = 0,
        ["JPY"] = 0,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>ISO digits for currencies PayPal takes that our currency table does not carry yet.</summary>
    private static readonly FrozenDictionary<string, int> IsoDigitsFallback = new Dictionary<string, int>
    {
        ["HUF"] = 2, ["TWD"] = 2, ["ILS"] = 2, ["MYR"] = 2, ["PHP"] = 2, ["THB"] = 2,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The currencies the adapter offers: PayPal's list, limited to those our currency table knows.</summary>
    public static FrozenSet<string> Offered { get; } =
        PayPalCurrencies.Where(Currency.IsKnown).ToFrozenSet(StringComparer.Ordinal);

    public static int IsoDigits(string currencyCode) =>
        Currency.TryFromCode(currencyCode, out var currency) ? currency.MinorDigits
        : IsoDigitsFallback.TryGetValue(currencyCode, out var digits) ? digits
        : throw new ArgumentException($"Unknown currency '{currencyCode}'.", nameof(currencyCode));

    public static int PayPalDigits(string currencyCode) =>
        PayPalDigitsOverride.TryGetValue(currencyCode, out var digits) ? digits : IsoDigits(currencyCode);

    public static string? ToValue(Money money) => ToValue(money.Minor, money.Currency.Code);

    /// <summary>
    /// Minor units (ISO digits) as PayPal's <c>value</c>. Returns null when PayPal cannot express the amount (a
    /// fraction of a forint) or the amount is not positive: the request must not be sent.
    /// </summary>
    public static string? ToValue(long minor, string currencyCode)
    {
        ArgumentNullException.ThrowIfNull(currencyCode);
        if (minor <= 0)
        {
            return null;
        }

        var iso = IsoDigits(currencyCode);
        var paypal = PayPalDigits(currencyCode);
        var major = (decimal)minor / Pow10(iso);
        if (decimal.Round(major, paypal, MidpointRounding.ToZero) != major)
        {
            return null;
        }

        return major.ToString("F" + paypal.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>PayPal's <c>value</c> (a string like <c>"12.50"</c> or, on some paths, a JSON number) as minor units.</summary>
    public static bool TryParseMinor(JsonElement value, string currencyCode, out long minor)
    {
        minor = 0;
        decimal major;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (!decimal.TryParse(value.GetString(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                        CultureInfo.InvariantCulture, out major))
                {
                    return false;
                }

                break;
            case JsonValueKind.Number:
                if (!value.TryGetDecimal(out major))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        return TryToMinor(major, currencyCode, out minor);
    }

    public static bool TryToMinor(decimal major, string currencyCode, out long minor)
    {
        minor = 0;
        var scaled = major * Pow10(IsoDigits(currencyCode));
        if (decimal.Truncate(scaled) != scaled)
        {
            return false;
        }

        minor = checked((long)scaled);
        return true;
    }

    /// <summary>An <c>amount</c> object (<c>{"currency_code":"USD","value":"12.50"}</c>) as money in our table.</summary>
    public static Money? ReadMoney(JsonElement amount)
    {
        if (amount.ValueKind != JsonValueKind.Object
            || !amount.TryGetProperty("currency_code", out var code)
            || !amount.TryGetProperty("value", out var value)
            || !Currency.TryFromCode(code.GetString(), out var currency)
            || !TryParseMinor(value, currency.Code, out var minor))
        {
            return null;
        }

        return new Money(minor, currency);
    }

    private static decimal Pow10(int digits)
    {
        decimal result = 1;
        for (var i = 0; i < digits; i++)
        {
            result *= 10;
        }

        return result;
    }
}
