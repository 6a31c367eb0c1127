using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Catalog;

public class AddOnTests : IDisposable
{
    private readonly CatalogTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task CreateAddOn_Valid_StoresPricesAndAnAuditEntry()
    {
        var saved = await _data.AddAddOnAsync(CatalogTestData.AddOnContent(included: 1));

        await using var db = _data.Database.NewContext();
        var addOn = await db.AddOns().Include(a => a.Prices).SingleAsync();
        Assert.Equal((AddOnUnit.MemoryMb, 1024, 0, 8, 1), (addOn.Unit, addOn.AmountPerUnit, addOn.MinQuantity, addOn.MaxQuantity, addOn.IncludedQuantity));
        Assert.Equal(2, addOn.Prices.Count);
        Assert.Equal(CatalogAudit.AddOnCreated, (await db.AuditEntries.SingleAsync(a => a.SubjectId == saved.AddOnId.ToString())).Action);
    }

    [Fact]
    public async Task EditAddOn_NewPrice_ReplacesThePriceAndAudits()
    {
        var saved = await _data.AddAddOnAsync();

        var edited = await _data.EditAddOn().ExecuteAsync(new EditAddOnCommand(_data.AdminId, saved.AddOnId, saved.ConcurrencyToken,
            CatalogTestData.AddOnContent(prices: [new PriceSpec(BillingPeriod.Month1, CatalogTestData.Usd(300))])), CancellationToken.None);

        Assert.True(edited.IsSuccess, edited.Error?.Message);
        await using var db = _data.Database.NewContext();
        var price = await db.AddOns().SelectMany(a => a.Prices).SingleAsync();
        Assert.Equal(CatalogTestData.Usd(300), price.Amount);
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == CatalogAudit.AddOnEdited);
        Assert.Contains("45.00 ZAR", entry.BeforeJson, StringComparison.Ordinal);
        Assert.DoesNotContain("ZAR", entry.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditAddOn_StaleToken_FailsWithChangedMeanwhile()
    {
        var saved = await _data.AddAddOnAsync();
        await _data.EditAddOn().ExecuteAsync(new EditAddOnCommand(_data.AdminId, saved.AddOnId, saved.ConcurrencyToken,
            CatalogTestData.AddOnContent(max: 4)), CancellationToken.None);

        var stale = await _data.EditAddOn().ExecuteAsync(new EditAddOnCommand(_data.AdminId, saved.AddOnId, saved.ConcurrencyToken,
            CatalogTestData.AddOnContent(max: 6)), CancellationToken.None);

        Assert.Equal("catalog.addon_changed_meanwhile", stale.Error?.Code);
    }

    [Fact]
    public async Task CreateAddOn_KeyTaken_FailsWithKeyTaken()
    {
        await _data.AddAddOnAsync();

        var result = await _data.CreateAddOn().ExecuteAsync(new CreateAddOnCommand(_data.AdminId, CatalogTestData.AddOnContent()), CancellationToken.None);

        Assert.Equal("catalog.addon_key_taken", result.Error?.Code);
    }

    [Theory]
    [InlineData(3, 2, 0)]
    [InlineData(0, 2, 3)]
    [InlineData(-1, 2, 0)]
    public async Task CreateAddOn_QuantitiesOutOfOrder_FailsWithInvalid(int min, int max, int included)
    {
        var result = await _data.CreateAddOn().ExecuteAsync(
            new CreateAddOnCommand(_data.AdminId, CatalogTestData.AddOnContent(min: min, max: max, included: included)), CancellationToken.None);

        Assert.Equal("catalog.invalid", result.Error?.Code);
    }
}
