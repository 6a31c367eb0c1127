using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;

namespace GameHost.Tests.Domain.Catalog;

public class CatalogQueryTests : IDisposable
{
    private readonly CatalogTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task PublicCatalog_ListsOnlyPublicUnarchivedTariffsByGameInOrder()
    {
        var rust = Guid.NewGuid();
        await using (var db = _data.Database.NewContext())
        {
            db.Games().Add(new Game { Id = rust, Key = "rust", Name = LocalizedText.Same("Rust"), DisplayOrder = 2 });
            await db.SaveChangesAsync();
        }

        await _data.AddTariffAsync(_data.Settings(slug: "paper-8gb", displayOrder: 2));
        await _data.AddTariffAsync(_data.Settings(slug: "paper-4gb", displayOrder: 1));
        await _data.AddTariffAsync(_data.Settings(slug: "rust-8gb") with { GameId = rust });
        await _data.AddTariffAsync(_data.Settings(slug: "hidden", visibility: TariffVisibility.HiddenLink));
        await _data.AddTariffAsync(_data.Settings(slug: "staff", visibility: TariffVisibility.StaffOnly));
        var archived = await _data.AddTariffAsync(_data.Settings(slug: "old"));
        await _data.ArchiveTariff().ExecuteAsync(new ArchiveTariffCommand(_data.AdminId, archived.TariffId), CancellationToken.None);

        var catalog = await _data.PublicCatalog().ExecuteAsync("USD", CancellationToken.None);

        Assert.Equal(["minecraft-java", "rust"], catalog.Select(g => g.Key));
        Assert.Equal(["paper-4gb", "paper-8gb"], catalog[0].Tariffs.Select(t => t.Slug));
        Assert.Equal(["rust-8gb"], catalog[1].Tariffs.Select(t => t.Slug));
    }

    [Fact]
    public async Task PublicCatalog_InACurrency_ShowsThatCurrencysPricesAndTheCheapestMonthlyEquivalent()
    {
        await _data.AddTariffAsync();

        var usd = Assert.Single(Assert.Single(await _data.PublicCatalog().ExecuteAsync("USD", CancellationToken.None)).Tariffs);
        var zar = Assert.Single(Assert.Single(await _data.PublicCatalog().ExecuteAsync("ZAR", CancellationToken.None)).Tariffs);

        Assert.Equal([BillingPeriod.Month1, BillingPeriod.Month3, BillingPeriod.Month6, BillingPeriod.Month12], usd.Prices.Select(p => p.Period));
        Assert.All(usd.Prices, p => Assert.Equal("USD", p.Amount.Currency.Code));
        // 12 months for 102.00 is 8.50 a month: the cheapest of 10.00, 9.50, 9.00 and 8.50.
        Assert.Equal(CatalogTestData.Usd(850), usd.FromPerMonth);
        Assert.Equal(CatalogTestData.Usd(950), usd.Prices[1].PerMonth);
        Assert.Equal(2, zar.Prices.Count);
        Assert.Equal(CatalogTestData.Zar(15300), zar.FromPerMonth);
    }

    [Fact]
    public async Task PublicCatalog_CurrencyWithoutPrices_LeavesTheTariffOut()
    {
        await _data.AddTariffAsync();

        Assert.Empty(await _data.PublicCatalog().ExecuteAsync("EUR", CancellationToken.None));
    }

    [Fact]
    public async Task PublicCatalog_ShowsTheCurrentVersion()
    {
        var saved = await _data.AddTariffAsync();
        await _data.EditTariff().ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken, _data.Settings(),
            CatalogTestData.Content(name: "Paper 4 GB Plus", prices: [new PriceSpec(BillingPeriod.Month1, CatalogTestData.Usd(1100))])), CancellationToken.None);

        var tariff = Assert.Single(Assert.Single(await _data.PublicCatalog().ExecuteAsync("USD", CancellationToken.None)).Tariffs);

        Assert.Equal("Paper 4 GB Plus", tariff.Name.En);
        Assert.Equal(CatalogTestData.Usd(1100), Assert.Single(tariff.Prices).Amount);
    }

    [Fact]
    public void PerMonth_PriceNotDivisibleByMonths_RoundsUpToTheMinorUnit()
    {
        Assert.Equal(CatalogTestData.Usd(334), PublicCatalogQuery.PerMonth(BillingPeriod.Month3, CatalogTestData.Usd(1000)));
        Assert.Null(PublicCatalogQuery.PerMonth(BillingPeriod.OneOff, CatalogTestData.Usd(1000)));
    }

    [Fact]
    public async Task TariffDetails_UnknownTariff_ReturnsNull()
    {
        Assert.Null(await _data.TariffDetails().ExecuteAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task PromoCodeList_ShowsUsesAndStatusNow()
    {
        var used = await _data.AddPromoAsync(_data.Promo(code: "ONCE", maxUses: 1));
        await _data.RedeemPromoCode().ExecuteAsync(used.PromoCodeId, _data.CustomerId, "order-1", CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromMinutes(1));
        await _data.AddPromoAsync(_data.Promo(code: "LATER", validFromUtc: _data.NowUtc.AddDays(1)));
        _data.Time.Advance(TimeSpan.FromMinutes(1));
        await _data.AddPromoAsync(_data.Promo(code: "ENDING", validUntilUtc: _data.NowUtc.AddDays(1), currencies: ["ZAR"]));
        _data.Time.Advance(TimeSpan.FromMinutes(1));
        await _data.AddPromoAsync(_data.Promo(code: "OPEN"));

        var before = await _data.PromoCodeList().ExecuteAsync(CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(2));
        var after = await _data.PromoCodeList().ExecuteAsync(CancellationToken.None);

        Assert.Equal(["OPEN", "ENDING", "LATER", "ONCE"], before.Select(p => p.Code));
        Assert.Equal([PromoCodeStatus.Active, PromoCodeStatus.Active, PromoCodeStatus.Scheduled, PromoCodeStatus.Exhausted], before.Select(p => p.Status));
        Assert.Equal([0, 0, 0, 1], before.Select(p => p.Uses));
        Assert.Equal([false, true, false, false], before.Select(p => p.Restricted));
        Assert.Equal([PromoCodeStatus.Active, PromoCodeStatus.Expired, PromoCodeStatus.Active, PromoCodeStatus.Exhausted], after.Select(p => p.Status));
    }
}
