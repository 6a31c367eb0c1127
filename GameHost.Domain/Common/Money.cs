using System.Globalization;
using System.Numerics;

namespace GameHost.Domain.Common;

/// <summary>
/// An amount of money: whole minor units (cents) and an ISO 4217 currency. Never a double, never
/// divided by 100 by hand; arithmetic across currencies is a bug and throws.
/// Stored as two columns (<c>…Minor</c> INTEGER, <c>…Currency</c> CHAR(3)), see <c>MoneyMapping</c>.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    public Money(long minor, Currency currency)
    {
        if (currency.Code is null)
        {
            throw new DomainException("money.no_currency", "Money needs a currency.");
        }

        Minor = minor;
        Currency = currency;
    }

    /// <summary>The amount in minor units (cents for USD, yen for JPY).</summary>
    public long Minor { get; }

    public Currency Currency { get; }

    public bool IsZero => Minor == 0;

    public bool IsNegative => Minor < 0;

    public static Money Zero(Currency currency) => new(0, currency);

    public static Money FromMinor(long minor, string currencyCode) => new(minor, Currency.FromCode(currencyCode));

    /// <summary>Converts a major-unit amount (12.345 USD) with an explicit rounding mode.</summary>
    public static Money FromMajor(decimal major, Currency currency, MidpointRounding rounding)
    {
        var minor = decimal.Round(major * currency.MinorPerMajor, 0, rounding);
        return new Money(checked((long)minor), currency);
    }

    /// <summary>The amount in major units, exact (decimal, not double).</summary>
    public decimal ToMajor() => (decimal)Minor / Currency.MinorPerMajor;

    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(checked(left.Minor + right.Minor), left.Currency);
    }

    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(checked(left.Minor - right.Minor), left.Currency);
    }

    public static Money operator -(Money value) => new(checked(-value.Minor), value.Currency);

    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public Money Negate() => -this;

    /// <summary>Multiplies by a factor (a tax rate, a quantity, a proration share), rounding as told.</summary>
    public Money Multiply(decimal factor, MidpointRounding rounding)
    {
        var minor = decimal.Round(Minor * factor, 0, rounding);
        return new Money(checked((long)minor), Currency);
    }

    /// <summary>
    /// Splits this amount in proportion to <paramref name="weights"/> with the largest-remainder method:
    /// each part gets its floor share, and the leftover minor units go one by one to the parts with the
    /// largest remainders (ties go to the earlier part). The parts always sum to the whole.
    /// </summary>
    public IReadOnlyList<Money> Allocate(IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0)
        {
            throw new DomainException("money.no_weights", "Allocation needs at least one weight.");
        }

        if (weights.Any(w => w < 0))
        {
            throw new DomainException("money.negative_weight", "Allocation weights cannot be negative.");
        }

        BigInteger total = 0;
        foreach (var w in weights)
        {
            total += w;
        }

        if (total.IsZero)
        {
            throw new DomainException("money.zero_weights", "Allocation weights cannot all be zero.");
        }

        // Allocate the absolute amount, then put the sign back: the remainders then always round toward the whole.
        var sign = Minor < 0 ? -1 : 1;
        var amount = new BigInteger(Minor) * sign;
        var shares = new long[weights.Count];
        var remainders = new BigInteger[weights.Count];
        BigInteger allocated = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var product = amount * weights[i];
            var share = BigInteger.DivRem(product, total, out var remainder);
            shares[i] = (long)share;
            remainders[i] = remainder;
            allocated += share;
        }

        var leftover = (long)(amount - allocated);
        var order = Enumerable.Range(0, weights.Count)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => i)
            .Take((int)leftover);
        foreach (var i in order)
        {
            shares[i]++;
        }

        var currency = Currency;
        return shares.Select(s => new Money(s * sign, currency)).ToArray();
    }

    /// <summary>Splits into <paramref name="parts"/> near-equal parts that sum to the whole.</summary>
    public IReadOnlyList<Money> Split(int parts)
    {
        if (parts <= 0)
        {
            throw new DomainException("money.bad_split", "Split needs a positive number of parts.");
        }

        return Allocate(Enumerable.Repeat(1L, parts).ToArray());
    }

    public int CompareTo(Money other)
    {
        EnsureSameCurrency(this, other);
        return Minor.CompareTo(other.Minor);
    }

    /// <summary>Formats for a reader: the culture's digit grouping and separators, the money's own currency.</summary>
    public string Format(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = CurrencySymbols.For(Currency.Code);
        format.CurrencyDecimalDigits = Currency.MinorDigits;
        return ToMajor().ToString("C", format);
    }

    /// <summary>Invariant, unambiguous text for logs and audit: <c>12.34 USD</c>.</summary>
    public override string ToString() =>
        ToMajor().ToString("F" + Currency.MinorDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + Currency.Code;

    private static void EnsureSameCurrency(Money left, Money right)
    {
        if (left.Currency.Code != right.Currency.Code)
        {
            throw new DomainException("money.currency_mismatch", $"Cannot combine {left.Currency.Code} with {right.Currency.Code}.");
        }
    }
}

/// <summary>Display symbols; a currency without a well-known symbol shows its code.</summary>
public static class CurrencySymbols
{
    public static string For(string code) => code switch
    {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "ZAR" => "R",
        "JPY" => "¥",
        "INR" => "₹",
        "BRL" => "R$",
        "PLN" => "zł",
        "UAH" => "₴",
        "TRY" => "₺",
        _ => code + " ",
    };
}
