using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Catalog;

/// <summary>Creating promo codes and counting their uses once per order.</summary>
public class PromoCodeTests : IDisposable
{
    private readonly CatalogTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task CreatePromoCode_Valid_StoresItWithAnAuditEntry()
    {
        var created = await _data.AddPromoAsync(_data.Promo(code: "Summer25", percentBasisPoints: 2500, maxUses: 100));

        await using var db = _data.Database.NewContext();
        var promo = await db.PromoCodes().SingleAsync();
        Assert.Equal(("Summer25", "SUMMER25", 2500, 100), (promo.Code, promo.NormalizedCode, promo.PercentBasisPoints!.Value, promo.MaxUses!.Value));
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal((CatalogAudit.PromoCodeCreated, created.PromoCodeId.ToString()), (entry.Action, entry.SubjectId));
    }

    [Fact]
    public async Task CreatePromoCode_SameCodeInOtherLetterCase_FailsWithCodeTaken()
    {
        await _data.AddPromoAsync(_data.Promo(code: "WELCOME10"));

        var result = await _data.CreatePromoCode().ExecuteAsync(_data.Promo(code: "welcome10"), CancellationToken.None);

        Assert.Equal("catalog.promo_code_taken", result.Error?.Code);
    }

    [Fact]
    public async Task CreatePromoCode_FixedWithAmountsPerCurrency_StoresEachAmount()
    {
        await _data.AddPromoAsync(_data.Promo(kind: PromoDiscountKind.Fixed, percentBasisPoints: null,
            fixedAmounts: [CatalogTestData.Usd(500), CatalogTestData.Zar(9000)], appliesTo: PromoAppliesTo.NPeriods, discountedPeriods: 3));

        await using var db = _data.Database.NewContext();
        var promo = await db.PromoCodes().Include(p => p.FixedAmounts).SingleAsync();
        Assert.Equal([CatalogTestData.Usd(500), CatalogTestData.Zar(9000)], promo.FixedAmounts.OrderBy(a => a.Id).Select(a => a.Amount));
        Assert.Equal((PromoAppliesTo.NPeriods, 3), (promo.AppliesTo, promo.DiscountedPeriods));
    }

    public static TheoryData<string, CreatePromoCodeCommand> InvalidCommands()
    {
        using var data = new CatalogTestData();
        return new()
        {
            { "percent over 100", data.Promo(percentBasisPoints: 10_001) },
            { "percent zero", data.Promo(percentBasisPoints: 0) },
            { "fixed without amounts", data.Promo(kind: PromoDiscountKind.Fixed, fixedAmounts: []) },
            { "fixed twice in one currency", data.Promo(kind: PromoDiscountKind.Fixed, fixedAmounts: [CatalogTestData.Usd(1), CatalogTestData.Usd(2)]) },
            { "N periods of one", data.Promo(appliesTo: PromoAppliesTo.NPeriods, discountedPeriods: 1) },
            { "ends before it starts", data.Promo(validFromUtc: CatalogTestData.Start.UtcDateTime, validUntilUtc: CatalogTestData.Start.UtcDateTime) },
            { "zero uses", data.Promo(maxUses: 0) },
            { "code with spaces", data.Promo(code: "TEN OFF") },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public async Task CreatePromoCode_InvalidInput_FailsAndStoresNothing(string why, CreatePromoCodeCommand command)
    {
        var result = await _data.CreatePromoCode().ExecuteAsync(command with { ActorUserId = _data.AdminId }, CancellationToken.None);

        Assert.True(result.Error?.Code == "catalog.invalid", why);
        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.PromoCodes().CountAsync());
    }

    [Fact]
    public async Task RedeemPromoCode_SameOrderRequestTwice_CountsOnce()
    {
        var promo = await _data.AddPromoAsync(_data.Promo(maxUses: 1));

        var first = await _data.RedeemPromoCode().ExecuteAsync(promo.PromoCodeId, _data.CustomerId, "order-1", CancellationToken.None);
        var retry = await _data.RedeemPromoCode().ExecuteAsync(promo.PromoCodeId, _data.CustomerId, "order-1", CancellationToken.None);

        Assert.True(first.IsSuccess && retry.IsSuccess);
        Assert.Equal(first.Value.Id, retry.Value.Id);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.PromoRedemptions().CountAsync());
    }

    [Fact]
    public async Task RedeemPromoCode_BeyondMaxUses_FailsWithExhausted()
    {
        var promo = await _data.AddPromoAsync(_data.Promo(maxUses: 1));
        await _data.RedeemPromoCode().ExecuteAsync(promo.PromoCodeId, Guid.NewGuid(), "order-1", CancellationToken.None);

        var second = await _data.RedeemPromoCode().ExecuteAsync(promo.PromoCodeId, Guid.NewGuid(), "order-2", CancellationToken.None);

        Assert.Equal("catalog.promo_exhausted", second.Error?.Code);
    }

    [Fact]
    public async Task RedeemPromoCode_BeyondPerCustomerLimit_FailsForThatCustomerOnly()
    {
        var promo = await _data.AddPromoAsync(_data.Promo(perCustomerLimit: 1));
        await _data.RedeemPromoCode().ExecuteAsync(promo.PromoCodeId, _data.CustomerId, "order-1", CancellationToken.None);

        var again = await _data.RedeemPromoCode().ExecuteAsync(promo.PromoCodeId, _data.CustomerId, "order-2", CancellationToken.None);
        var someoneElse = await _data.RedeemPromoCode().ExecuteAsync(promo.PromoCodeId, Guid.NewGuid(), "order-3", CancellationToken.None);

        Assert.Equal("catalog.promo_customer_limit_reached", again.Error?.Code);
        Assert.True(someoneElse.IsSuccess);
    }

    [Fact]
    public async Task RedeemPromoCode_TwoOrdersRacingForTheLastUse_OnlyOneIsSaved()
    {
        var promo = await _data.AddPromoAsync(_data.Promo(maxUses: 1));
        await using var first = _data.Database.NewContext();
        await using var second = _data.Database.NewContext();
        var redeem = _data.RedeemPromoCode();
        Assert.True((await redeem.AddAsync(first, promo.PromoCodeId, Guid.NewGuid(), "order-1", CancellationToken.None)).IsSuccess);
        Assert.True((await redeem.AddAsync(second, promo.PromoCodeId, Guid.NewGuid(), "order-2", CancellationToken.None)).IsSuccess);

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.PromoRedemptions().CountAsync());
    }
}
