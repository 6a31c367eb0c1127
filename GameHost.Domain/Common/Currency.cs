using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace GameHost.Domain.Common;

/// <summary>
/// An ISO 4217 currency. The number of minor digits comes from one table (<see cref="Known"/>),
/// so no caller ever divides by 100 by hand.
/// </summary>
public readonly record struct Currency
{
    private static readonly FrozenDictionary<string, int> MinorDigitsByCode = new Dictionary<string, int>
    {
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["ZAR"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["NZD"] = 2,
        ["CHF"] = 2, ["SEK"] = 2, ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2, ["CZK"] = 2, ["BRL"] = 2,
        ["MXN"] = 2, ["ARS"] = 2, ["CLP"] = 0, ["COP"] = 2, ["INR"] = 2, ["RUB"] = 2, ["UAH"] = 2,
        ["TRY"] = 2, ["JPY"] = 0, ["KRW"] = 0, ["CNY"] = 2, ["SGD"] = 2, ["HKD"] = 2,
        ["KWD"] = 3, ["BHD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private Currency(string code, int minorDigits)
    {
        Code = code;
        MinorDigits = minorDigits;
    }

    /// <summary>Three upper-case letters, e.g. <c>USD</c>.</summary>
    public string Code { get; }

    /// <summary>How many digits follow the decimal separator (2 for USD, 0 for JPY, 3 for KWD).</summary>
    public int MinorDigits { get; }

    /// <summary>10^MinorDigits: how many minor units make one major unit.</summary>
    public long MinorPerMajor => MinorDigits switch { 0 => 1, 1 => 10, 2 => 100, 3 => 1000, _ => (long)Math.Pow(10, MinorDigits) };

    public static Currency USD => FromCode("USD");
    public static Currency EUR => FromCode("EUR");
    public static Currency ZAR => FromCode("ZAR");
    public static Currency GBP => FromCode("GBP");
    public static Currency JPY => FromCode("JPY");

    /// <summary>Every currency the currency table knows, by code.</summary>
    public static IEnumerable<Currency> Known => MinorDigitsByCode.Keys.Order(StringComparer.Ordinal).Select(FromCode);

    public static bool IsKnown([NotNullWhen(true)] string? code) =>
        code is not null && MinorDigitsByCode.ContainsKey(code);

    public static Currency FromCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!MinorDigitsByCode.TryGetValue(code, out var digits))
        {
            throw new DomainException("money.unknown_currency", $"Unknown currency code '{code}'.");
        }

        return new Currency(code, digits);
    }

    public static bool TryFromCode([NotNullWhen(true)] string? code, out Currency currency)
    {
        if (code is not null && MinorDigitsByCode.TryGetValue(code, out var digits))
        {
            currency = new Currency(code, digits);
            return true;
        }

        currency = default;
        return false;
    }

    public override string ToString() => Code ?? "";
}
