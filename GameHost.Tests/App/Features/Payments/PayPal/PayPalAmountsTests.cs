using System.Globalization;
using System.Text.Json;
using GameHost.App.Features.Payments.Gateways.PayPal;
using GameHost.Domain.Common;

namespace GameHost.Tests.App.Features.Payments.PayPal;

/// <summary>Contract §1.6 and scenarios 6 and 34: one formatter, invariant culture, PayPal's own digits.</summary>
public sealed class PayPalAmountsTests
{
    [Theory]
    [InlineData(1250, "USD", "12.50")]
    [InlineData(1, "EUR", "0.01")]
    [InlineData(51000, "GBP", "510.00")]
    [InlineData(50999, "USD", "509.99")]
    [InlineData(1250, "JPY", "1250")]
    [InlineData(150000, "HUF", "1500")]
    [InlineData(99900, "TWD", "999")]
    public void ToValue_MinorUnits_PayPalString(long minor, string currency, string expected)
    {
        Assert.Equal(expected, PayPalAmounts.ToValue(minor, currency));
    }

    [Theory]
    [InlineData("af-ZA")]
    [InlineData("de-DE")]
    public void ToValue_CommaCulture_StillUsesPoint(string culture)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            Assert.Equal("1234.56", PayPalAmounts.ToValue(Money.FromMinor(123456, "USD")));
            Assert.True(PayPalAmounts.TryParseMinor(JsonDocument.Parse("\"1234.56\"").RootElement, "USD", out var minor));
            Assert.Equal(123456, minor);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData(150050, "HUF")]
    [InlineData(0, "USD")]
    [InlineData(-100, "USD")]
    public void ToValue_NotExpressible_Null(long minor, string currency)
    {
        Assert.Null(PayPalAmounts.ToValue(minor, currency));
    }

    [Theory]
    [InlineData("\"12.50\"", "USD", 1250)]
    [InlineData("12.50", "USD", 1250)]
    [InlineData("12.5", "USD", 1250)]
    [InlineData("\"1250\"", "JPY", 1250)]
    [InlineData("1250", "JPY", 1250)]
    [InlineData("\"1500\"", "HUF", 150000)]
    [InlineData("\"509.99\"", "USD", 50999)]
    public void TryParseMinor_StringOrNumber_SameMinorUnits(string json, string currency, long expected)
    {
        Assert.True(PayPalAmounts.TryParseMinor(JsonDocument.Parse(json).RootElement, currency, out var minor));
        Assert.Equal(expected, minor);
    }

    [Fact]
    public void TryParseMinor_MoreDigitsThanTheCurrency_Rejected()
    {
        Assert.False(PayPalAmounts.TryParseMinor(JsonDocument.Parse("\"12.505\"").RootElement, "USD", out _));
        Assert.False(PayPalAmounts.TryParseMinor(JsonDocument.Parse("\"12.5\"").RootElement, "JPY", out _));
    }

    [Fact]
    public void RoundTrip_EveryOfferedCurrency_Exact()
    {
        foreach (var code in PayPalAmounts.Offered)
        {
            var currency = Currency.FromCode(code);
            var minor = currency.MinorDigits == 0 ? 98765L : 9876543L;
            var value = PayPalAmounts.ToValue(minor, code)!;
            Assert.True(PayPalAmounts.TryParseMinor(JsonDocument.Parse("\"" + value + "\"").RootElement, code, out var back), code);
            Assert.Equal(minor, back);
        }

        Assert.DoesNotContain("ZAR", (IReadOnlySet<string>)PayPalAmounts.Offered);
    }
}
