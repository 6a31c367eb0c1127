using System.Text.Json;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Catalog;

/// <summary>Staff change a promo code's terms or switch it off; orders already placed are not touched.</summary>
public class PromoCodeEditingTests : IDisposable
{
    private readonly CatalogTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<(Guid Id, Guid Token)> PromoAsync()
    {
        var created = await _data.AddPromoAsync(_data.Promo(code: "Spring25", percentBasisPoints: 2500, maxUses: 10));
        await using var db = _data.Database.NewContext();
        var token = await db.PromoCodes().Where(p => p.Id == created.PromoCodeId).Select(p => p.ConcurrencyToken).SingleAsync();
        return (created.PromoCodeId, token);
    }

    [Fact]
    public async Task EditPromoCode_NewTerms_StoresThemKeepsTheCodeAndAuditsBeforeAndAfter()
    {
        var (id, token) = await PromoAsync();
        var terms = _data.Promo(code: "SOMETHING-ELSE", percentBasisPoints: 1500, maxUses: 50, perCustomerLimit: 2,
            validUntilUtc: _data.NowUtc.AddDays(30), currencies: ["zar"]);

        var result = await _data.EditPromoCode().ExecuteAsync(new EditPromoCodeCommand(id, token, terms), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        await using var db = _data.Database.NewContext();
        var promo = await db.PromoCodes().SingleAsync();
        Assert.Equal(("Spring25", 1500, 50, 2, "ZAR"), (promo.Code, promo.PercentBasisPoints!.Value, promo.MaxUses!.Value, promo.PerCustomerLimit!.Value, Assert.Single(promo.Currencies)));
        Assert.NotEqual(token, promo.ConcurrencyToken);
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == CatalogAudit.PromoCodeEdited);
        Assert.Equal(2500, JsonSerializer.Deserialize<PromoCodeAuditSnapshot>(entry.BeforeJson!, JsonSerializerOptions.Web)!.PercentBasisPoints);
        Assert.Equal(1500, JsonSerializer.Deserialize<PromoCodeAuditSnapshot>(entry.AfterJson!, JsonSerializerOptions.Web)!.PercentBasisPoints);
    }

    [Fact]
    public async Task EditPromoCode_FromPercentToFixed_ReplacesTheAmounts()
    {
        var (id, token) = await PromoAsync();
        var terms = _data.Promo(kind: PromoDiscountKind.Fixed, percentBasisPoints: null, fixedAmounts: [CatalogTestData.Usd(300), CatalogTestData.Zar(5000)]);

        Assert.True((await _data.EditPromoCode().ExecuteAsync(new EditPromoCodeCommand(id, token, terms), CancellationToken.None)).IsSuccess);

        await using var db = _data.Database.NewContext();
        var promo = await db.PromoCodes().Include(p => p.FixedAmounts).SingleAsync();
        Assert.Equal((PromoDiscountKind.Fixed, (int?)null), (promo.Kind, promo.PercentBasisPoints));
        Assert.Equal([CatalogTestData.Usd(300), CatalogTestData.Zar(5000)], promo.FixedAmounts.OrderBy(a => a.Amount.Currency.Code).Select(a => a.Amount));
    }

    [Fact]
    public async Task EditPromoCode_AfterAnOrderUsedIt_FailsWithChangedMeanwhileAndKeepsTheOldTerms()
    {
        var (id, staleToken) = await PromoAsync();
        var tariff = await _data.AddTariffAsync();
        Assert.True((await _data.RedeemPromoCode().ExecuteAsync(id, _data.CustomerId, "order-1", CancellationToken.None)).IsSuccess);

        var result = await _data.EditPromoCode().ExecuteAsync(
            new EditPromoCodeCommand(id, staleToken, _data.Promo(percentBasisPoints: 9000)), CancellationToken.None);

        Assert.Equal("catalog.promo_code_changed_meanwhile", result.Error?.Code);
        await using var db = _data.Database.NewContext();
        Assert.Equal(2500, (await db.PromoCodes().SingleAsync()).PercentBasisPoints);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == CatalogAudit.PromoCodeEdited));
        Assert.NotEqual(Guid.Empty, tariff.TariffId);
    }

    [Fact]
    public async Task EditPromoCode_InvalidTermsOrSupportStaff_IsRefused()
    {
        var (id, token) = await PromoAsync();

        var invalid = await _data.EditPromoCode().ExecuteAsync(new EditPromoCodeCommand(id, token, _data.Promo(percentBasisPoints: 0)), CancellationToken.None);
        var support = await _data.EditPromoCode().ExecuteAsync(
            new EditPromoCodeCommand(id, token, _data.Promo() with { ActorUserId = _data.SupportId }), CancellationToken.None);
        var missing = await _data.EditPromoCode().ExecuteAsync(new EditPromoCodeCommand(Guid.NewGuid(), token, _data.Promo()), CancellationToken.None);

        Assert.Equal(("catalog.invalid", "catalog.actor_not_admin", "catalog.promo_code_not_found"), (invalid.Error?.Code, support.Error?.Code, missing.Error?.Code));
    }

    [Fact]
    public async Task SetPromoCodeEnabled_Disabled_QuotesRefuseTheCodeAndARepeatWritesNoSecondEntry()
    {
        var (id, _) = await PromoAsync();
        var tariff = await _data.AddTariffAsync();
        Assert.True((await _data.QuoteOrder().ExecuteAsync(_data.Quote(tariff.TariffId, promo: "spring25"), CancellationToken.None)).IsSuccess);

        Assert.True((await _data.SetPromoCodeEnabled().ExecuteAsync(_data.AdminId, id, enabled: false, "c1", CancellationToken.None)).IsSuccess);
        Assert.True((await _data.SetPromoCodeEnabled().ExecuteAsync(_data.AdminId, id, enabled: false, "c2", CancellationToken.None)).IsSuccess);

        var quote = await _data.QuoteOrder().ExecuteAsync(_data.Quote(tariff.TariffId, promo: "spring25"), CancellationToken.None);
        Assert.False(quote.IsSuccess);
        Assert.StartsWith("catalog.promo", quote.Error.Code, StringComparison.Ordinal);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == CatalogAudit.PromoCodeDisabled));
    }

    [Fact]
    public async Task SetPromoCodeEnabled_EnabledAgain_QuotesAcceptTheCodeAgain()
    {
        var (id, _) = await PromoAsync();
        var tariff = await _data.AddTariffAsync();
        await _data.SetPromoCodeEnabled().ExecuteAsync(_data.AdminId, id, enabled: false, null, CancellationToken.None);

        var enabled = await _data.SetPromoCodeEnabled().ExecuteAsync(_data.AdminId, id, enabled: true, null, CancellationToken.None);

        Assert.True(enabled.IsSuccess);
        Assert.True((await _data.QuoteOrder().ExecuteAsync(_data.Quote(tariff.TariffId, promo: "SPRING25"), CancellationToken.None)).IsSuccess);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == CatalogAudit.PromoCodeEnabled));
    }
}
