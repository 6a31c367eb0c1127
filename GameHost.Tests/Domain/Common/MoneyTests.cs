using System.Globalization;
using GameHost.Domain.Common;

namespace GameHost.Tests.Domain.Common;

public class MoneyTests
{
    [Theory]
    [InlineData(100, new long[] { 1, 1, 1 }, new long[] { 34, 33, 33 })]
    [InlineData(-100, new long[] { 1, 1, 1 }, new long[] { -34, -33, -33 })]
    [InlineData(1000, new long[] { 70, 20, 10 }, new long[] { 700, 200, 100 })]
    [InlineData(5, new long[] { 3, 3, 1 }, new long[] { 2, 2, 1 })]
    [InlineData(1, new long[] { 1, 1 }, new long[] { 1, 0 })]
    [InlineData(0, new long[] { 1, 2 }, new long[] { 0, 0 })]
    public void Allocate_ByWeights_PartsFollowLargestRemainderAndSumToWhole(long amount, long[] weights, long[] expected)
    {
        var parts = new Money(amount, Currency.USD).Allocate(weights);

        Assert.Equal(expected, parts.Select(p => p.Minor));
        Assert.Equal(amount, parts.Sum(p => p.Minor));
        Assert.All(parts, p => Assert.Equal("USD", p.Currency.Code));
    }

    [Fact]
    public void Allocate_ManyUnevenWeights_AlwaysSumsToWhole()
    {
        var random = new Random(42);
        for (var i = 0; i < 500; i++)
        {
            var amount = random.NextInt64(-1_000_000, 1_000_000);
            var weights = Enumerable.Range(0, random.Next(1, 12)).Select(_ => (long)random.Next(1, 10_000)).ToArray();

            var parts = new Money(amount, Currency.ZAR).Allocate(weights);

            Assert.Equal(amount, parts.Sum(p => p.Minor));
        }
    }

    [Fact]
    public void Split_IntoThree_GivesExtraCentToFirst()
    {
        var parts = new Money(1000, Currency.EUR).Split(3);

        Assert.Equal(new long[] { 334, 333, 333 }, parts.Select(p => p.Minor));
    }

    [Fact]
    public void Add_DifferentCurrencies_Throws()
    {
        var ex = Assert.Throws<DomainException>(() => new Money(1, Currency.USD) + new Money(1, Currency.ZAR));
        Assert.Equal("money.currency_mismatch", ex.Code);
    }

    [Fact]
    public void Compare_DifferentCurrencies_Throws()
    {
        Assert.Throws<DomainException>(() => new Money(1, Currency.USD) < new Money(2, Currency.EUR));
    }

    [Theory]
    [InlineData("12.345", "USD", MidpointRounding.ToEven, 1234)]
    [InlineData("12.345", "USD", MidpointRounding.AwayFromZero, 1235)]
    [InlineData("12.5", "JPY", MidpointRounding.ToEven, 12)]
    [InlineData("1.2345", "KWD", MidpointRounding.AwayFromZero, 1235)]
    public void FromMajor_UsesCurrencyMinorDigitsAndExplicitRounding(string major, string currency, MidpointRounding rounding, long expectedMinor)
    {
        var money = Money.FromMajor(decimal.Parse(major, CultureInfo.InvariantCulture), Currency.FromCode(currency), rounding);

        Assert.Equal(expectedMinor, money.Minor);
    }

    [Fact]
    public void Multiply_TaxRate_RoundsAsTold()
    {
        var net = new Money(1999, Currency.ZAR);

        Assert.Equal(300, net.Multiply(0.15m, MidpointRounding.AwayFromZero).Minor); // 299.85 → 300
        Assert.Equal(299, net.Multiply(0.15m, MidpointRounding.ToZero).Minor);
    }

    [Fact]
    public void Format_UsesReaderCultureAndMoneyCurrency()
    {
        var money = new Money(123456, Currency.USD);

        Assert.Equal("$1,234.56", money.Format(CultureInfo.GetCultureInfo("en-US")));
        Assert.Contains("1234,56", money.Format(CultureInfo.GetCultureInfo("es-ES")).Replace(".", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("¥1,235", new Money(1235, Currency.JPY).Format(CultureInfo.GetCultureInfo("en-US")));
    }

    [Fact]
    public void ToString_IsInvariantWithCode()
    {
        Assert.Equal("12.30 USD", new Money(1230, Currency.USD).ToString());
        Assert.Equal("-0.05 ZAR", new Money(-5, Currency.ZAR).ToString());
        Assert.Equal("1.500 KWD", new Money(1500, Currency.FromCode("KWD")).ToString());
    }

    [Fact]
    public void FromCode_Unknown_Throws()
    {
        var ex = Assert.Throws<DomainException>(() => Currency.FromCode("XYZ"));
        Assert.Equal("money.unknown_currency", ex.Code);
        Assert.False(Currency.IsKnown("usd"));
    }
}
