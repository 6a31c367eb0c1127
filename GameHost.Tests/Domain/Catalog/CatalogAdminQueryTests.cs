using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using static GameHost.Tests.Domain.Catalog.CatalogTestData;

namespace GameHost.Tests.Domain.Catalog;

public sealed class CatalogAdminQueryTests : IDisposable
{
    private readonly CatalogTestData _data = new();

    [Fact]
    public async Task Tariffs_AfterEditAndArchive_ListsCurrentNameFromPricesAndArchived()
    {
        var saved = await _data.AddTariffAsync();
        await _data.AddTariffAsync(_data.Settings("other"), Content("Paper 8 GB"));
        var edited = await _data.EditTariff().ExecuteAsync(
            new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken, _data.Settings(), Content("Paper 4 GB Plus")), CancellationToken.None);
        Assert.True(edited.IsSuccess);
        await _data.ArchiveTariff().ExecuteAsync(new ArchiveTariffCommand(_data.AdminId, saved.TariffId), CancellationToken.None);

        var list = await Query().TariffsAsync(gameId: null, CancellationToken.None);

        Assert.Equal(["other", "paper-4gb"], list.Select(t => t.Slug).Order(StringComparer.Ordinal));
        var first = list.Single(t => t.Slug == "paper-4gb");
        Assert.Equal("Paper 4 GB Plus", first.Name.En);
        Assert.Equal(2, first.CurrentVersionNumber);
        Assert.True(first.IsArchived);
        // USD 102.00 a year is 8.50 a month, cheaper than 10.00 monthly; ZAR 1836.00 a year is 153.00 a month.
        Assert.Equal([Usd(850), Zar(15300)], first.FromPerMonth.OrderBy(m => m.Currency.Code, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tariffs_FilteredByAnotherGame_IsEmpty()
    {
        await _data.AddTariffAsync();

        Assert.Single(await Query().TariffsAsync(_data.GameId, CancellationToken.None));
        Assert.Empty(await Query().TariffsAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task AddOnsAndGames_ListWhatExists()
    {
        await _data.AddAddOnAsync();

        var addOn = Assert.Single(await Query().AddOnsAsync(CancellationToken.None));
        Assert.Equal("extra-memory", addOn.Key);
        Assert.Equal(2, addOn.UnitPrices.Count);
        var game = Assert.Single(await Query().GamesAsync(CancellationToken.None));
        Assert.Equal(_data.GameId, game.Id);
    }

    public void Dispose() => _data.Dispose();

    private CatalogAdminQuery Query() => new(_data.Contexts());
}
