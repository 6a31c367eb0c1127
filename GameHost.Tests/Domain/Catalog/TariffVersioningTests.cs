using System.Text.Json;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Tests.Domain.Catalog;

/// <summary>Creating, editing and archiving tariffs: edits make new versions and never touch old ones.</summary>
public class TariffVersioningTests : IDisposable
{
    private readonly CatalogTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task CreateTariff_ValidInput_StoresVersionOneWithEverythingAndAnAuditEntry()
    {
        var saved = await _data.AddTariffAsync();

        Assert.Equal((1, true), (saved.CurrentVersionNumber, saved.VersionCreated));
        var details = (await _data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None))!;
        var version = Assert.Single(details.Versions);
        Assert.True(CatalogTestData.Content().SameAs(version.Content));
        Assert.Equal(("olivia@gamehost.test", _data.AdminId, _data.NowUtc), (version.CreatedByName, version.CreatedByUserId!.Value, version.CreatedAtUtc));
        await using var db = _data.Database.NewContext();
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal((CatalogAudit.TariffCreated, CatalogAudit.TariffSubject, saved.TariffId.ToString()), (entry.Action, entry.SubjectType, entry.SubjectId));
        Assert.Contains("Month1 10.00 USD", entry.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditTariff_PriceChanged_AddsVersionTwoAndLeavesVersionOneAsItWas()
    {
        var saved = await _data.AddTariffAsync();
        var versionOneBefore = await VersionRowsAsync(saved.TariffId, 1);
        _data.Time.Advance(TimeSpan.FromDays(3));
        var newPrices = CatalogTestData.Content(prices: [new PriceSpec(BillingPeriod.Month1, CatalogTestData.Usd(1200))]);

        var edited = await _data.EditTariff().ExecuteAsync(
            new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken, _data.Settings(), newPrices), CancellationToken.None);

        Assert.True(edited.IsSuccess, edited.Error?.Message);
        Assert.Equal((2, true), (edited.Value.CurrentVersionNumber, edited.Value.VersionCreated));
        Assert.NotEqual(saved.ConcurrencyToken, edited.Value.ConcurrencyToken);
        Assert.Equal(versionOneBefore, await VersionRowsAsync(saved.TariffId, 1));
        var details = (await _data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None))!;
        Assert.Equal([2, 1], details.Versions.Select(v => v.Number));
        Assert.Equal(CatalogTestData.Usd(1200), Assert.Single(details.CurrentVersion.Content.Prices).Amount);
        Assert.Equal(_data.NowUtc, details.CurrentVersion.CreatedAtUtc);
        Assert.Equal(6, details.Versions[1].Content.Prices.Count);
    }

    [Fact]
    public async Task EditTariff_ThenQuote_NewOrdersGetTheNewVersion()
    {
        var saved = await _data.AddTariffAsync();
        var before = await _data.QuoteOrder().ExecuteAsync(_data.Quote(saved.TariffId), CancellationToken.None);

        await _data.EditTariff().ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken, _data.Settings(),
            CatalogTestData.Content(prices: [new PriceSpec(BillingPeriod.Month1, CatalogTestData.Usd(1200))])), CancellationToken.None);
        var after = await _data.QuoteOrder().ExecuteAsync(_data.Quote(saved.TariffId), CancellationToken.None);

        Assert.Equal((1, CatalogTestData.Usd(1000)), (before.Value!.TariffVersionNumber, before.Value.NetTotal));
        Assert.Equal((2, CatalogTestData.Usd(1200)), (after.Value!.TariffVersionNumber, after.Value.NetTotal));
    }

    [Fact]
    public async Task EditTariff_ResourcesOrGameChanged_AddsAVersion()
    {
        var saved = await _data.AddTariffAsync();
        var content = CatalogTestData.Content(memoryMb: 6144);

        var resources = await _data.EditTariff().ExecuteAsync(
            new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken, _data.Settings(), content), CancellationToken.None);
        var game = await _data.EditTariff().ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, resources.Value!.ConcurrencyToken,
            _data.Settings(), content with { Game = content.Game with { DockerImage = "ghcr.io/pterodactyl/yolks:java_17" } }), CancellationToken.None);

        Assert.Equal(2, resources.Value.CurrentVersionNumber);
        Assert.Equal(3, game.Value!.CurrentVersionNumber);
    }

    [Fact]
    public async Task EditTariff_OnlySettingsChanged_KeepsTheVersionAndAuditsTheChange()
    {
        var saved = await _data.AddTariffAsync();

        var edited = await _data.EditTariff().ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken,
            _data.Settings(visibility: TariffVisibility.HiddenLink, stockLimit: 20), CatalogTestData.Content()), CancellationToken.None);

        Assert.Equal((1, false), (edited.Value!.CurrentVersionNumber, edited.Value.VersionCreated));
        var details = (await _data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None))!;
        Assert.Equal((TariffVisibility.HiddenLink, 20), (details.Visibility, details.StockLimit!.Value));
        Assert.Single(details.Versions);
        await using var db = _data.Database.NewContext();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == CatalogAudit.TariffEdited);
        Assert.Contains("HiddenLink", entry.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditTariff_NothingChanged_WritesNothing()
    {
        var saved = await _data.AddTariffAsync();

        var edited = await _data.EditTariff().ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken,
            _data.Settings(), CatalogTestData.Content()), CancellationToken.None);

        Assert.Equal((1, false, saved.ConcurrencyToken), (edited.Value!.CurrentVersionNumber, edited.Value.VersionCreated, edited.Value.ConcurrencyToken));
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task EditTariff_StaleToken_FailsWithChangedMeanwhileAndWritesNothing()
    {
        var saved = await _data.AddTariffAsync();
        await _data.EditTariff().ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken,
            _data.Settings(displayOrder: 5), CatalogTestData.Content()), CancellationToken.None);

        var second = await _data.EditTariff().ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken,
            _data.Settings(), CatalogTestData.Content(memoryMb: 8192)), CancellationToken.None);

        Assert.Equal("catalog.tariff_changed_meanwhile", second.Error?.Code);
        var details = (await _data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None))!;
        Assert.Single(details.Versions);
    }

    [Fact]
    public async Task EditTariff_AnotherEditSavedBetweenReadAndSave_FailsWithChangedMeanwhile()
    {
        var saved = await _data.AddTariffAsync();
        var interference = new EditBeforeSave(_data, saved.TariffId);

        var result = await _data.EditTariff(interference).ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, saved.ConcurrencyToken,
            _data.Settings(), CatalogTestData.Content(memoryMb: 8192)), CancellationToken.None);

        Assert.Equal("catalog.tariff_changed_meanwhile", result.Error?.Code);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.TariffVersions().CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == CatalogAudit.TariffEdited));
    }

    [Fact]
    public async Task EditTariff_ArchivedTariff_FailsWithArchived()
    {
        var saved = await _data.AddTariffAsync();
        var archived = await _data.ArchiveTariff().ExecuteAsync(new ArchiveTariffCommand(_data.AdminId, saved.TariffId), CancellationToken.None);

        var result = await _data.EditTariff().ExecuteAsync(new EditTariffCommand(_data.AdminId, saved.TariffId, archived.Value!.ConcurrencyToken,
            _data.Settings(), CatalogTestData.Content(memoryMb: 8192)), CancellationToken.None);

        Assert.Equal("catalog.tariff_archived", result.Error?.Code);
    }

    [Fact]
    public async Task ArchiveTariff_Twice_ArchivesOnceWithOneAuditEntry()
    {
        var saved = await _data.AddTariffAsync();

        var first = await _data.ArchiveTariff().ExecuteAsync(new ArchiveTariffCommand(_data.AdminId, saved.TariffId), CancellationToken.None);
        var second = await _data.ArchiveTariff().ExecuteAsync(new ArchiveTariffCommand(_data.AdminId, saved.TariffId), CancellationToken.None);

        Assert.True(first.IsSuccess && second.IsSuccess);
        Assert.True((await _data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None))!.IsArchived);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == CatalogAudit.TariffArchived));
    }

    [Fact]
    public async Task CreateTariff_BySupportStaff_FailsWithActorNotAdmin()
    {
        var result = await _data.CreateTariff().ExecuteAsync(
            new CreateTariffCommand(_data.SupportId, _data.Settings(), CatalogTestData.Content()), CancellationToken.None);

        Assert.Equal("catalog.actor_not_admin", result.Error?.Code);
        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.Tariffs().CountAsync());
    }

    [Fact]
    public async Task CreateTariff_SlugTaken_FailsWithSlugTaken()
    {
        await _data.AddTariffAsync();

        var result = await _data.CreateTariff().ExecuteAsync(
            new CreateTariffCommand(_data.AdminId, _data.Settings(), CatalogTestData.Content()), CancellationToken.None);

        Assert.Equal("catalog.slug_taken", result.Error?.Code);
    }

    public static TheoryData<string, TariffVersionContent, BillingModel> InvalidContents => new()
    {
        { "monthly price on an hourly tariff", CatalogTestData.Content(), BillingModel.PayAsYouGoHourly },
        { "no prices", CatalogTestData.Content(prices: []), BillingModel.PrepaidPeriodic },
        { "two prices for one currency and period", CatalogTestData.Content(prices: [new PriceSpec(BillingPeriod.Month1, CatalogTestData.Usd(1)), new PriceSpec(BillingPeriod.Month1, CatalogTestData.Usd(2))]), BillingModel.PrepaidPeriodic },
        { "setup fee in one of two currencies", CatalogTestData.Content(setupFees: [CatalogTestData.Usd(500)]), BillingModel.PrepaidPeriodic },
        { "no memory", CatalogTestData.Content(memoryMb: 0), BillingModel.PrepaidPeriodic },
        { "trial too long", CatalogTestData.Content(trialDays: 365), BillingModel.PrepaidPeriodic },
        { "no English name", CatalogTestData.Content(name: " "), BillingModel.PrepaidPeriodic },
    };

    [Theory]
    [MemberData(nameof(InvalidContents))]
    public async Task CreateTariff_InvalidContent_FailsWithInvalidAndStoresNothing(string why, TariffVersionContent content, BillingModel model)
    {
        var result = await _data.CreateTariff().ExecuteAsync(
            new CreateTariffCommand(_data.AdminId, _data.Settings(model: model), content), CancellationToken.None);

        Assert.True(result.Error?.Code == "catalog.invalid", why);
        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.Tariffs().CountAsync());
    }

    private async Task<string> VersionRowsAsync(Guid tariffId, int number)
    {
        await using var db = _data.Database.NewContext();
        var version = await db.TariffVersions().AsNoTracking()
            .Include(v => v.Prices).Include(v => v.Variables).Include(v => v.SetupFees)
            .SingleAsync(v => v.TariffId == tariffId && v.Number == number);
        return JsonSerializer.Serialize(new
        {
            version.Id, version.CreatedAtUtc, version.Name, version.Game, version.Resources, version.Features, version.LocationIds,
            Prices = version.Prices.OrderBy(p => p.Id).Select(p => new { p.Id, p.Period, p.Amount.Minor, p.Amount.Currency.Code }),
            Variables = version.Variables.OrderBy(v => v.Id).Select(v => new { v.Id, v.EnvName, v.DefaultValue, v.Rules, v.CustomerSettable }),
        });
    }

    /// <summary>Plays a second editor who saves a change between this edit's read and its save.</summary>
    private sealed class EditBeforeSave(CatalogTestData data, Guid tariffId) : SaveChangesInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await using var other = data.Database.NewContext();
            var tariff = await other.Tariffs().SingleAsync(t => t.Id == tariffId, cancellationToken);
            tariff.DisplayOrder = 99;
            tariff.ConcurrencyToken = Guid.NewGuid();
            await other.SaveChangesAsync(cancellationToken);
            return result;
        }
    }
}
