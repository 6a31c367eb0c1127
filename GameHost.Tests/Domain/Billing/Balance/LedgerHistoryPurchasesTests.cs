using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Billing.Products;
using GameHost.Domain.Catalog;
using GameHost.Tests.Domain.Billing.Changes;

namespace GameHost.Tests.Domain.Billing.Balance;

/// <summary>
/// The expense history of a customer who bought one of everything (a server, a pool, a product, an upgrade, a
/// downgrade, a top-up): every filter and the CSV read it, and the running balance ends on the account's balance.
/// </summary>
public class LedgerHistoryPurchasesTests : IDisposable
{
    private readonly ChangesTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<(Guid Customer, Guid Service)> ShopperAsync()
    {
        _data.Tax = new FifteenPercentTax();
        var admin = _data.AddAdmin();
        var customer = _data.AddCustomer();
        var service = await _data.ActiveServiceAsync(customer, credit: 200_000);

        var plan = (await _data.Pools().SavePlanAsync(admin, new PoolPlanForm(null, "Pool 8 GB", "Pool 8 GB", 8192, 102_400, 200, 3, true,
            [(BillingPeriod.Month1, "ZAR", 30_000)]), CancellationToken.None)).Value;
        var pool = await _data.Pools().BuyAsync(new BuyPoolCommand(customer, plan, BillingPeriod.Month1, "pool-1"), CancellationToken.None);
        Assert.True(pool.Value!.Paid, pool.Error?.Code);

        var product = (await _data.ProductAdmin().SaveAsync(admin, new ProductForm(null, "World import", "Importación de mundo", "We upload your world.", null,
            false, true, new Dictionary<string, long> { ["ZAR"] = 15_000, ["USD"] = 900 }), CancellationToken.None)).Value;
        var bought = await _data.Products().BuyAsync(new BuyProductCommand(customer, product, service, "product-1"), CancellationToken.None);
        Assert.True(bought.Value!.Paid, bought.Error?.Code);

        _data.Time.Advance(TimeSpan.FromDays(3));
        var upgrade = await _data.Changes().ConfirmAsync(new ChangeRequest(customer, service, _data.Billing.TariffId("paper-4gb"), null), "upgrade-1", CancellationToken.None);
        Assert.True(upgrade.IsSuccess, upgrade.Error?.Code);
        _data.Time.Advance(TimeSpan.FromDays(2));
        var downgrade = await _data.Changes().ConfirmAsync(new ChangeRequest(customer, service, _data.Billing.TariffId("paper-2gb"), null), "downgrade-1", CancellationToken.None);
        Assert.True(downgrade.IsSuccess, downgrade.Error?.Code);

        await _data.PayAsync(customer, null, 50_000, "FNB-TOPUP");
        return (customer, service);
    }

    [Fact]
    public async Task History_OneOfEveryPurchase_ListsEveryMovementAndEndsOnTheBalance()
    {
        var (customer, _) = await ShopperAsync();
        var history = new LedgerHistoryQuery(_data.Database);

        var all = await history.AllAsync(customer, new LedgerHistoryFilter(), CancellationToken.None);

        Assert.True(all.Count >= 6, $"{all.Count} movements");
        Assert.Equal((await _data.BalanceAsync(customer)).Minor, all[0].BalanceAfter.Minor);
        Assert.Equal(all.Sum(m => m.Amount.Minor), all[0].BalanceAfter.Minor);
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task History_EveryFilterPageAndCsv_OneOfEveryPurchase_AnswersWithoutError()
    {
        var (customer, service) = await ShopperAsync();
        var history = new LedgerHistoryQuery(_data.Database);
        var services = await history.ServicesAsync(customer, CancellationToken.None);
        var today = _data.NowUtc.Date;

        var filters = new List<LedgerHistoryFilter>
        {
            new(), new(today.AddDays(-10), today.AddDays(1)), new(today, null), new(null, today), new(SubscriptionId: service),
        };
        filters.AddRange(services.Select(s => new LedgerHistoryFilter(SubscriptionId: s.SubscriptionId)));
        foreach (var filter in filters)
        {
            var page = await history.PageAsync(customer, filter, 0, 25, CancellationToken.None);
            var rows = await history.AllAsync(customer, filter, CancellationToken.None);
            Assert.Equal(rows.Count, page.TotalCount);
            await using var writer = new StringWriter();
            await LedgerCsv.WriteAsync(writer, rows, CancellationToken.None);
            Assert.Equal(rows.Count + 1, writer.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        }

        var mine = await history.AllAsync(customer, new LedgerHistoryFilter(SubscriptionId: service), CancellationToken.None);
        Assert.NotEmpty(mine);
        Assert.All(mine, m => Assert.Equal(service, m.SubscriptionId));
    }
}
