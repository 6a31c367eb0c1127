using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Common;
using GameHost.Tests.Domain.Billing;

namespace GameHost.Tests.Domain.Catalog;

/// <summary>The tariff as the order form gets it: the current version in one currency, and who may reach it how.</summary>
public sealed class OrderTariffQueryTests : IDisposable
{
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private OrderTariffQuery Query() => new(_data.Database);

    [Fact]
    public async Task BySlugAsync_DemoPaper4GbInZar_GivesPricesLocationsSettableVariablesAndAddOns()
    {
        var result = await Query().BySlugAsync("paper-4gb", "ZAR", CancellationToken.None);

        var tariff = result.Value!;
        Assert.Equal(("minecraft-java", "Paper 4 GB", 1), (tariff.GameKey, tariff.Name.En, tariff.VersionNumber));
        Assert.Equal(
            [(BillingPeriod.Month1, 18900L), (BillingPeriod.Month3, 53865L), (BillingPeriod.Month6, 102060L), (BillingPeriod.Month12, 192780L)],
            tariff.Prices.Select(p => (p.Period, p.Amount.Minor)));
        Assert.All(tariff.Prices, p => Assert.Equal(Currency.ZAR, p.Amount.Currency));
        Assert.Equal([1, 2], tariff.LocationIds);
        // Only what the customer may set, in the staff's order, with the egg's rules.
        Assert.Equal(["MINECRAFT_VERSION", "BUILD_NUMBER"], tariff.Variables.Select(v => v.EnvName));
        Assert.Equal("required|string|max:20", tariff.Variables[1].Rules);
        var memory = tariff.AddOns.Single(a => a.Key == "extra-memory");
        Assert.Equal((0, 8, 0), (memory.MinQuantity, memory.MaxQuantity, memory.DefaultQuantity));
        Assert.Equal(new Money(4500, Currency.ZAR), memory.UnitPrice(BillingPeriod.Month1));
        Assert.Null(tariff.SetupFee);
    }

    [Fact]
    public async Task BySlugAsync_RustInUsd_CarriesTheSetupFee()
    {
        var tariff = (await Query().BySlugAsync("rust-8gb", "USD", CancellationToken.None)).Value!;

        Assert.Equal(new Money(500, Currency.USD), tariff.SetupFee);
    }

    [Fact]
    public async Task BySlugAsync_HiddenLinkTariff_IsReachedByItsLink()
    {
        _data.AddTariff("partner-deal", TariffVisibility.HiddenLink);

        var result = await Query().BySlugAsync("partner-deal", "USD", CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal(TariffVisibility.HiddenLink, result.Value.Visibility);
    }

    [Fact]
    public async Task ByIdAsync_HiddenLinkTariffWithoutItsSlug_IsNotOrderable()
    {
        var hidden = _data.AddTariff("partner-deal", TariffVisibility.HiddenLink);

        var withoutLink = await Query().ByIdAsync(hidden, null, "USD", CancellationToken.None);
        var withLink = await Query().ByIdAsync(hidden, "partner-deal", "USD", CancellationToken.None);

        Assert.Equal("catalog.tariff_not_orderable", withoutLink.Error?.Code);
        Assert.True(withLink.IsSuccess);
    }

    [Fact]
    public async Task BySlugAndById_StaffOnlyTariff_AreNotOrderable()
    {
        var staffOnly = _data.AddTariff("staff-special", TariffVisibility.StaffOnly);

        Assert.Equal("catalog.tariff_not_orderable", (await Query().BySlugAsync("staff-special", "USD", CancellationToken.None)).Error?.Code);
        Assert.Equal("catalog.tariff_not_orderable", (await Query().ByIdAsync(staffOnly, "staff-special", "USD", CancellationToken.None)).Error?.Code);
        Assert.Empty(await Query().CurrenciesAsync("staff-special", CancellationToken.None));
    }

    [Fact]
    public async Task BySlugAsync_ArchivedOrUnknown_AreRefusedWithTheirCodes()
    {
        _data.AddTariff("old-plan", archived: true);

        Assert.Equal("catalog.tariff_archived", (await Query().BySlugAsync("old-plan", "USD", CancellationToken.None)).Error?.Code);
        Assert.Equal("catalog.tariff_not_orderable", (await Query().BySlugAsync("no-such-plan", "USD", CancellationToken.None)).Error?.Code);
    }

    [Fact]
    public async Task BySlugAsync_CurrencyTheTariffIsNotPricedIn_IsPriceMissing()
    {
        var result = await Query().BySlugAsync("paper-4gb", "EUR", CancellationToken.None);

        Assert.Equal("catalog.price_missing", result.Error?.Code);
    }

    [Fact]
    public async Task CurrenciesAsync_DemoTariff_GivesItsCurrencies()
    {
        Assert.Equal(["USD", "ZAR"], (await Query().CurrenciesAsync("paper-4gb", CancellationToken.None)).Select(c => c.Code));
    }

    [Fact]
    public async Task CatalogCurrencies_OfferedAndCustomer_ComeFromTheListedTariffsAndTheProfile()
    {
        var query = new CatalogCurrenciesQuery(_data.Database);
        var customer = _data.AddCustomer(currency: "USD");

        Assert.Equal(["USD", "ZAR"], (await query.OfferedAsync(CancellationToken.None)).Select(c => c.Code));
        Assert.Equal(Currency.USD, await query.CustomerCurrencyAsync(customer, CancellationToken.None));
        Assert.Null(await query.CustomerCurrencyAsync(_data.AddCustomer(withProfile: false), CancellationToken.None));
    }
}
