using System.Text.Json;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Catalog;

/// <summary>Grandfathering: moving existing services to a later version needs notice, and leaves an audit entry.</summary>
public class SchedulePriceChangeTests : IDisposable
{
    private readonly CatalogTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<Guid> TariffWithTwoVersionsAsync()
    {
        var saved = await _data.AddTariffAsync();
        var edited = await _data.EditTariff().ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken, _data.Settings(),
            CatalogTestData.Content(prices: [new PriceSpec(BillingPeriod.Month1, CatalogTestData.Usd(1200))])), CancellationToken.None);
        Assert.Equal(2, edited.Value!.CurrentVersionNumber);
        return saved.TariffId;
    }

    [Fact]
    public async Task ExecuteAsync_WithEnoughNotice_RecordsTheChangeAndAnAuditEntryInOneSave()
    {
        var tariffId = await TariffWithTwoVersionsAsync();
        var effective = _data.NowUtc.AddDays(30);

        var result = await _data.SchedulePriceChange().ExecuteAsync(
            new SchedulePriceChangeCommand(_data.AdminId, tariffId, 1, 2, effective, "corr-7"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        await using var db = _data.Database.NewContext();
        var change = await db.ScheduledPriceChanges().SingleAsync();
        Assert.Equal((tariffId, 1, 2, effective, _data.AdminId, (DateTime?)null),
            (change.TariffId, change.FromVersionNumber, change.ToVersionNumber, change.EffectiveAtUtc, change.CreatedByUserId!.Value, change.NoticeSentAtUtc));
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == CatalogAudit.PriceChangeScheduled);
        Assert.Equal((CatalogAudit.TariffSubject, tariffId.ToString(), "corr-7"), (entry.SubjectType, entry.SubjectId, entry.CorrelationId));
        var after = JsonSerializer.Deserialize<PriceChangeAuditSnapshot>(entry.AfterJson!, JsonSerializerOptions.Web)!;
        Assert.Contains("Month1 10.00 USD", after.FromPrices, StringComparison.Ordinal);
        Assert.Equal("Month1 12.00 USD", after.ToPrices);
        var details = (await _data.TariffDetails().ExecuteAsync(tariffId, CancellationToken.None))!;
        Assert.Equal(effective, Assert.Single(details.ScheduledPriceChanges).EffectiveAtUtc);
    }

    [Fact]
    public async Task ExecuteAsync_NoticeShorterThanTheMinimum_FailsWithTooSoonAndWritesNothing()
    {
        var tariffId = await TariffWithTwoVersionsAsync();

        var oneTickShort = await _data.SchedulePriceChange().ExecuteAsync(
            new SchedulePriceChangeCommand(_data.AdminId, tariffId, 1, 2, _data.NowUtc.AddDays(14).AddTicks(-1)), CancellationToken.None);
        var exactly = await _data.SchedulePriceChange().ExecuteAsync(
            new SchedulePriceChangeCommand(_data.AdminId, tariffId, 1, 2, _data.NowUtc.AddDays(14)), CancellationToken.None);

        Assert.Equal("catalog.price_change_too_soon", oneTickShort.Error?.Code);
        Assert.True(exactly.IsSuccess);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.ScheduledPriceChanges().CountAsync());
    }

    [Fact]
    public async Task ExecuteAsync_MinimumNoticeIsConfigured_UsesTheConfiguredNotice()
    {
        var tariffId = await TariffWithTwoVersionsAsync();
        _data.Options.MinimumPriceChangeNotice = TimeSpan.FromDays(30);

        var result = await _data.SchedulePriceChange().ExecuteAsync(
            new SchedulePriceChangeCommand(_data.AdminId, tariffId, 1, 2, _data.NowUtc.AddDays(20)), CancellationToken.None);

        Assert.Equal("catalog.price_change_too_soon", result.Error?.Code);
    }

    [Theory]
    [InlineData(2, 1, "catalog.price_change_versions")]
    [InlineData(2, 2, "catalog.price_change_versions")]
    [InlineData(1, 3, "catalog.version_not_found")]
    public async Task ExecuteAsync_WrongVersions_Fails(int from, int to, string code)
    {
        var tariffId = await TariffWithTwoVersionsAsync();

        var result = await _data.SchedulePriceChange().ExecuteAsync(
            new SchedulePriceChangeCommand(_data.AdminId, tariffId, from, to, _data.NowUtc.AddDays(30)), CancellationToken.None);

        Assert.Equal(code, result.Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_BySupportStaff_FailsWithActorNotAdmin()
    {
        var tariffId = await TariffWithTwoVersionsAsync();

        var result = await _data.SchedulePriceChange().ExecuteAsync(
            new SchedulePriceChangeCommand(_data.SupportId, tariffId, 1, 2, _data.NowUtc.AddDays(30)), CancellationToken.None);

        Assert.Equal("catalog.actor_not_admin", result.Error?.Code);
    }
}

/// <summary>Scheduling is refused when it would leave a service without a price or race another pending change.</summary>
public class SchedulePriceChangeGuardTests : IDisposable
{
    private readonly CatalogTestData _data = new();

    public void Dispose() => _data.Dispose();

    private sealed class FixedImpact(params AffectedService[] services) : IPriceChangeImpact
    {
        public Task<IReadOnlyList<AffectedService>> ListAffectedAsync(Guid tariffId, int fromVersion, int toVersion, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AffectedService>>(services);
    }

    private static AffectedService Service(GameHost.Domain.Common.Money? next) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Thandi", "thandi@gamehost.test", "Survival", BillingPeriod.Month3, CatalogTestData.Zar(50000), next);

    private async Task<Guid> TariffWithTwoVersionsAsync()
    {
        var saved = await _data.AddTariffAsync();
        var edited = await _data.EditTariff().ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken, _data.Settings(),
            CatalogTestData.Content(prices: [new PriceSpec(BillingPeriod.Month1, CatalogTestData.Usd(1200))])), CancellationToken.None);
        Assert.True(edited.IsSuccess);
        return saved.TariffId;
    }

    [Fact]
    public async Task ExecuteAsync_AServiceHasNoPriceOnTheLaterVersion_FailsWithUnpricedNamingCurrencyAndPeriod()
    {
        var tariffId = await TariffWithTwoVersionsAsync();
        _data.Impact = new FixedImpact(Service(CatalogTestData.Zar(60000)), Service(null));

        var result = await _data.SchedulePriceChange().ExecuteAsync(
            new SchedulePriceChangeCommand(_data.AdminId, tariffId, 1, 2, _data.NowUtc.AddDays(30)), CancellationToken.None);

        Assert.Equal("catalog.price_change_unpriced", result.Error?.Code);
        Assert.Equal(["1", "ZAR Month3"], result.Error!.Details);
        await using var db = _data.Database.NewContext();
        Assert.False(await db.ScheduledPriceChanges().AnyAsync());
    }

    [Fact]
    public async Task ExecuteAsync_AffectedServices_AreCountedOnTheChangeAndSummedInTheAuditEntry()
    {
        var tariffId = await TariffWithTwoVersionsAsync();
        _data.Impact = new FixedImpact(Service(CatalogTestData.Zar(60000)), Service(CatalogTestData.Zar(55000)));

        var result = await _data.SchedulePriceChange().ExecuteAsync(
            new SchedulePriceChangeCommand(_data.AdminId, tariffId, 1, 2, _data.NowUtc.AddDays(30)), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        await using var db = _data.Database.NewContext();
        Assert.Equal(2, (await db.ScheduledPriceChanges().SingleAsync()).AffectedAtScheduling);
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == CatalogAudit.PriceChangeScheduled);
        var after = JsonSerializer.Deserialize<PriceChangeAuditSnapshot>(entry.AfterJson!, JsonSerializerOptions.Web)!;
        Assert.Equal((2, "ZAR +15000 minor over 2 services"), (after.AffectedServices, after.AffectedSummary));
    }

    [Fact]
    public async Task ExecuteAsync_AChangeForTheSameVersionIsPending_FailsWithAlreadyScheduled()
    {
        var tariffId = await TariffWithTwoVersionsAsync();
        var first = await _data.SchedulePriceChange().ExecuteAsync(
            new SchedulePriceChangeCommand(_data.AdminId, tariffId, 1, 2, _data.NowUtc.AddDays(30)), CancellationToken.None);

        var second = await _data.SchedulePriceChange().ExecuteAsync(
            new SchedulePriceChangeCommand(_data.AdminId, tariffId, 1, 2, _data.NowUtc.AddDays(40)), CancellationToken.None);

        Assert.True(first.IsSuccess);
        Assert.Equal("catalog.price_change_already_scheduled", second.Error?.Code);
    }
}
