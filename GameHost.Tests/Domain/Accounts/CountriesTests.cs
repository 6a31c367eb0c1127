using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Common;

namespace GameHost.Tests.Domain.Accounts;

public class CountriesTests
{
    [Theory]
    [InlineData("ZA", "ZAR")]
    [InlineData("za", "ZAR")]
    [InlineData("DE", "EUR")]
    [InlineData("ES", "EUR")]
    [InlineData("GB", "GBP")]
    [InlineData("US", "USD")]
    [InlineData("BR", "USD")]
    [InlineData(null, "USD")]
    public void DefaultCurrencyFor_Country_ReturnsItsBillingCurrency(string? country, string expected) =>
        Assert.Equal(expected, Countries.DefaultCurrencyFor(country));

    [Fact]
    public void All_IsTheIso3166List_WithUniqueTwoLetterCodes()
    {
        Assert.Equal(249, Countries.All.Count);
        Assert.All(Countries.All, c => Assert.Matches("^[A-Z]{2}$", c.Code));
        Assert.Equal(Countries.All.Count, Countries.All.Select(c => c.Code).Distinct().Count());
        Assert.Equal("South Africa", Countries.Find("za")?.EnglishName);
    }

    [Fact]
    public void DefaultCurrencyFor_EveryCountry_IsAKnownCurrency() =>
        Assert.All(Countries.All, c => Assert.True(Currency.IsKnown(Countries.DefaultCurrencyFor(c.Code))));
}
