using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.Pricing;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Demo;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Catalog;

public sealed class DemoCatalogSeederTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(CatalogTestData.Start);

    public void Dispose() => _database.Dispose();

    private async Task<bool> SeedAsync()
    {
        await using var db = _database.NewContext();
        var seeded = await new DemoCatalogSeeder(db, _time).SeedAsync(CancellationToken.None);
        await db.SaveChangesAsync();
        return seeded;
    }

    [Fact]
    public async Task SeedAsync_EmptyStore_AddsThreeGamesInThreeSizesPricedInZarAndUsd()
    {
        Assert.True(await SeedAsync());

        await using var db = _database.NewContext();
        var tariffs = await db.Tariffs().WithVersions().Include(t => t.Game).AsNoTracking().ToListAsync();
        Assert.Equal(["minecraft-bedrock", "minecraft-java", "rust"], tariffs.Select(t => t.Game!.Key).Distinct().Order());
        Assert.Equal(11, tariffs.Count);
        foreach (var tariff in tariffs.Where(t => t.BillingModel == BillingModel.PrepaidPeriodic))
        {
            var version = tariff.CurrentVersion;
            Assert.True(TariffRules.CheckContent(TariffVersionContent.Of(version), tariff.BillingModel) is null, tariff.Slug);
            Assert.Equal(4, tariff.AddOns.Count);
            foreach (var currency in new[] { "USD", "ZAR" })
            {
                var prices = version.Prices.Where(p => p.Amount.Currency.Code == currency).OrderBy(p => p.Period).ToList();
                Assert.Equal([BillingPeriod.Month1, BillingPeriod.Month3, BillingPeriod.Month6, BillingPeriod.Month12], prices.Select(p => p.Period));
                // Longer periods cost less per month.
                var perMonth = prices.Select(p => PublicCatalogQuery.PerMonth(p.Period, p.Amount)!.Value.Minor).ToList();
                Assert.Equal(perMonth.OrderDescending(), perMonth);
                Assert.Equal(perMonth.Count, perMonth.Distinct().Count());
            }
        }

        // Pay-as-you-go: one hourly and one daily tariff, each priced per unit in both currencies.
        var hourly = tariffs.Single(t => t.Slug == "paper-hourly");
        var daily = tariffs.Single(t => t.Slug == "rust-daily");
        Assert.Equal((BillingModel.PayAsYouGoHourly, BillingModel.PayAsYouGoDaily), (hourly.BillingModel, daily.BillingModel));
        Assert.True(TariffRules.CheckContent(TariffVersionContent.Of(hourly.CurrentVersion), hourly.BillingModel) is null);
        Assert.True(TariffRules.CheckContent(TariffVersionContent.Of(daily.CurrentVersion), daily.BillingModel) is null);
        Assert.Equal([BillingPeriod.Hour, BillingPeriod.Hour], hourly.CurrentVersion.Prices.Select(p => p.Period));
        Assert.Equal([BillingPeriod.Day, BillingPeriod.Day], daily.CurrentVersion.Prices.Select(p => p.Period));

        var paper = tariffs.Single(t => t.Slug == "paper-4gb").CurrentVersion;
        Assert.Equal((1, 3, 4096), (paper.Game.NestId, paper.Game.EggId, paper.Resources.MemoryMb));
        Assert.Contains(paper.Variables, v => v.EnvName == "BUILD_NUMBER" && v.Rules == "required|string|max:20" && v.CustomerSettable);
        Assert.Equal(4, await db.AddOns().CountAsync());
    }

    [Fact]
    public async Task SeedAsync_SecondRun_ChangesNothing()
    {
        await SeedAsync();

        Assert.False(await SeedAsync());

        await using var db = _database.NewContext();
        Assert.Equal((3, 11, 4, 1), (await db.Games().CountAsync(), await db.Tariffs().CountAsync(), await db.AddOns().CountAsync(), await db.PromoCodes().CountAsync()));
    }

    [Fact]
    public async Task SeedAsync_WelcomeCode_TakesTenPercentOffTheFirstPeriod()
    {
        await SeedAsync();
        Guid tariffId;
        await using (var db = _database.NewContext())
        {
            tariffId = await db.Tariffs().Where(t => t.Slug == "paper-4gb").Select(t => t.Id).SingleAsync();
        }

        var quote = await new QuoteOrder(new SqliteTestContextFactory(_database), new NoTariffUsageYet(), _time).ExecuteAsync(
            new QuoteOrderRequest(tariffId, "ZAR", BillingPeriod.Month1, new Dictionary<string, int> { ["extra-memory"] = 1 }, "welcome10", Guid.NewGuid()),
            CancellationToken.None);

        Assert.True(quote.IsSuccess, quote.Error?.Message);
        Assert.Equal(18900 + 4500, quote.Value.Subtotal.Minor);
        Assert.Equal(-2340, quote.Value.DiscountTotal.Minor);
        Assert.Equal(PromoAppliesTo.FirstPeriod, quote.Value.Promo!.AppliesTo);
    }

    [Fact]
    public async Task DemoSeeder_SeedAsync_SeedsTheCatalogOnceWithTheAccounts()
    {
        using var services = new AccountsTestServices();
        await using (var scope = services.NewScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        await using (var scope = services.NewScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        await using var db = services.Database.NewContext();
        Assert.Equal(11, await db.Tariffs().CountAsync());
        Assert.Equal(1, await db.PromoCodes().CountAsync(p => p.NormalizedCode == "WELCOME10"));

        // The demo customer starts with credit, posted once through the ledger, so the demo order can be paid at once.
        var customer = await db.Users.SingleAsync(u => u.Email == DemoSeeder.CustomerEmail);
        var account = await db.LedgerAccounts().SingleAsync(a => a.CustomerId == customer.Id);
        Assert.Equal(GameHost.Domain.Common.Money.FromMinor(DemoSeeder.DemoCreditMinor, "ZAR"), account.Balance);
        Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.CustomerId == customer.Id));
    }
}
