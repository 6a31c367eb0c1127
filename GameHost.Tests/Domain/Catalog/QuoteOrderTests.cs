using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Pricing;
using GameHost.Domain.Catalog.UseCases;

namespace GameHost.Tests.Domain.Catalog;

/// <summary>Quoting an order from what is stored: who may order what, add-ons offered with the tariff, promo codes by name.</summary>
public class QuoteOrderTests : IDisposable
{
    private readonly CatalogTestData _data = new();

    public void Dispose() => _data.Dispose();

    private Task<GameHost.Domain.Common.Result<Quote>> QuoteAsync(QuoteOrderRequest request) =>
        _data.QuoteOrder().ExecuteAsync(request, CancellationToken.None);

    [Fact]
    public async Task ExecuteAsync_PublicTariffWithAddOnAndPromo_PricesFromTheStore()
    {
        var memory = await _data.AddAddOnAsync();
        var tariff = await _data.AddTariffAsync(_data.Settings(addOnIds: [memory.AddOnId]));
        await _data.AddPromoAsync(_data.Promo(code: "Welcome10"));

        var quote = await QuoteAsync(_data.Quote(tariff.TariffId, "zar", addOns: new Dictionary<string, int> { ["extra-memory"] = 2 }, promo: " welcome10 "));

        Assert.True(quote.IsSuccess, quote.Error?.Message);
        Assert.Equal(CatalogTestData.Zar(18000 + 9000), quote.Value.Subtotal);
        Assert.Equal(CatalogTestData.Zar(-2700), quote.Value.DiscountTotal);
        Assert.Equal("Welcome10", quote.Value.Promo!.Code);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownTariff_FailsWithTariffNotFound()
    {
        Assert.Equal("catalog.tariff_not_found", (await QuoteAsync(_data.Quote(Guid.NewGuid()))).Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_ArchivedTariff_FailsWithArchived()
    {
        var tariff = await _data.AddTariffAsync();
        await _data.ArchiveTariff().ExecuteAsync(new ArchiveTariffCommand(_data.AdminId, tariff.TariffId), CancellationToken.None);

        Assert.Equal("catalog.tariff_archived", (await QuoteAsync(_data.Quote(tariff.TariffId))).Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_StaffOnlyTariff_IsRefusedToCustomersButQuotedForStaff()
    {
        var tariff = await _data.AddTariffAsync(_data.Settings(visibility: TariffVisibility.StaffOnly));

        Assert.Equal("catalog.tariff_not_orderable", (await QuoteAsync(_data.Quote(tariff.TariffId))).Error?.Code);
        Assert.True((await QuoteAsync(_data.Quote(tariff.TariffId, channel: OrderChannel.Staff))).IsSuccess);
    }

    [Fact]
    public async Task ExecuteAsync_HiddenLinkTariff_IsOrderableByCustomersWithTheLink()
    {
        var tariff = await _data.AddTariffAsync(_data.Settings(visibility: TariffVisibility.HiddenLink));

        Assert.True((await QuoteAsync(_data.Quote(tariff.TariffId))).IsSuccess);
    }

    [Fact]
    public async Task ExecuteAsync_StockLimitReached_FailsWithOutOfStock()
    {
        var tariff = await _data.AddTariffAsync(_data.Settings(stockLimit: 3));
        _data.Usage.Active[tariff.TariffId] = 2;
        var beforeLimit = await QuoteAsync(_data.Quote(tariff.TariffId));

        _data.Usage.Active[tariff.TariffId] = 3;
        var atLimit = await QuoteAsync(_data.Quote(tariff.TariffId));

        Assert.True(beforeLimit.IsSuccess);
        Assert.Equal("catalog.tariff_out_of_stock", atLimit.Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_CustomerHoldsTheMaximum_FailsWithCustomerLimitReached()
    {
        var tariff = await _data.AddTariffAsync(_data.Settings(perCustomerLimit: 1));
        _data.Usage.ActiveForCustomer[(tariff.TariffId, _data.CustomerId)] = 1;

        Assert.Equal("catalog.tariff_customer_limit_reached", (await QuoteAsync(_data.Quote(tariff.TariffId))).Error?.Code);
        Assert.True((await QuoteAsync(_data.Quote(tariff.TariffId, customerId: Guid.NewGuid()))).IsSuccess);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCurrency_FailsWithUnknownCurrency()
    {
        var tariff = await _data.AddTariffAsync();

        Assert.Equal("catalog.unknown_currency", (await QuoteAsync(_data.Quote(tariff.TariffId, "XXX"))).Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_AddOnNotAttachedOrArchived_IsNotOffered()
    {
        var attached = await _data.AddAddOnAsync();
        var other = await _data.AddAddOnAsync(CatalogTestData.AddOnContent(key: "backup-slot"));
        var tariff = await _data.AddTariffAsync(_data.Settings(addOnIds: [attached.AddOnId]));

        var notAttached = await QuoteAsync(_data.Quote(tariff.TariffId, addOns: new Dictionary<string, int> { ["backup-slot"] = 1 }));
        await _data.EditAddOn().ExecuteAsync(new EditAddOnCommand(_data.AdminId, attached.AddOnId, attached.ConcurrencyToken,
            CatalogTestData.AddOnContent(), Archived: true), CancellationToken.None);
        var archived = await QuoteAsync(_data.Quote(tariff.TariffId, addOns: new Dictionary<string, int> { ["extra-memory"] = 1 }));

        Assert.NotEqual(Guid.Empty, other.AddOnId);
        Assert.Equal("catalog.addon_not_offered", notAttached.Error?.Code);
        Assert.Equal("catalog.addon_not_offered", archived.Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownPromoCode_FailsWithInvalid()
    {
        var tariff = await _data.AddTariffAsync();

        Assert.Equal("catalog.promo_invalid", (await QuoteAsync(_data.Quote(tariff.TariffId, promo: "NOPE"))).Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_PromoWindow_FollowsTheClock()
    {
        var tariff = await _data.AddTariffAsync();
        await _data.AddPromoAsync(_data.Promo(validFromUtc: _data.NowUtc.AddDays(1), validUntilUtc: _data.NowUtc.AddDays(8)));

        var early = await QuoteAsync(_data.Quote(tariff.TariffId, promo: "WELCOME10"));
        _data.Time.Advance(TimeSpan.FromDays(2));
        var during = await QuoteAsync(_data.Quote(tariff.TariffId, promo: "WELCOME10"));
        _data.Time.Advance(TimeSpan.FromDays(6));
        var late = await QuoteAsync(_data.Quote(tariff.TariffId, promo: "WELCOME10"));

        Assert.Equal("catalog.promo_not_yet_valid", early.Error?.Code);
        Assert.True(during.IsSuccess);
        Assert.Equal("catalog.promo_expired", late.Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_PromoUsedByThisCustomer_CountsRedemptionsButNotTheRetriedOrder()
    {
        var tariff = await _data.AddTariffAsync();
        var promo = await _data.AddPromoAsync(_data.Promo(perCustomerLimit: 1));
        await _data.RedeemPromoCode().ExecuteAsync(promo.PromoCodeId, _data.CustomerId, "order-1", CancellationToken.None);

        var retry = await QuoteAsync(_data.Quote(tariff.TariffId, promo: "WELCOME10", requestId: "order-1"));
        var another = await QuoteAsync(_data.Quote(tariff.TariffId, promo: "WELCOME10", requestId: "order-2"));
        var otherCustomer = await QuoteAsync(_data.Quote(tariff.TariffId, promo: "WELCOME10", customerId: Guid.NewGuid()));

        Assert.True(retry.IsSuccess);
        Assert.Equal("catalog.promo_customer_limit_reached", another.Error?.Code);
        Assert.True(otherCustomer.IsSuccess);
    }

    [Fact]
    public async Task ExecuteAsync_PromoMaxUsesReached_FailsWithExhausted()
    {
        var tariff = await _data.AddTariffAsync();
        var promo = await _data.AddPromoAsync(_data.Promo(maxUses: 2));
        await _data.RedeemPromoCode().ExecuteAsync(promo.PromoCodeId, Guid.NewGuid(), "order-1", CancellationToken.None);
        await _data.RedeemPromoCode().ExecuteAsync(promo.PromoCodeId, Guid.NewGuid(), "order-2", CancellationToken.None);

        Assert.Equal("catalog.promo_exhausted", (await QuoteAsync(_data.Quote(tariff.TariffId, promo: "WELCOME10"))).Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_PromoRestrictedToAnotherTariff_FailsWithNotApplicable()
    {
        var tariff = await _data.AddTariffAsync();
        var other = await _data.AddTariffAsync(_data.Settings(slug: "paper-8gb"));
        await _data.AddPromoAsync(_data.Promo(tariffIds: [other.TariffId]));

        Assert.Equal("catalog.promo_not_applicable", (await QuoteAsync(_data.Quote(tariff.TariffId, promo: "WELCOME10"))).Error?.Code);
        Assert.True((await QuoteAsync(_data.Quote(other.TariffId, promo: "WELCOME10"))).IsSuccess);
    }
}
