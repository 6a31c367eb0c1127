using Bunit;
using GameHost.App.Features.Billing.Cabinet.Balance;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Billing.Products;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.Domain.Billing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace GameHost.Tests.App.Features.Billing.Cabinet.Balance;

/// <summary>The cabinet's expense history for a customer who bought one of everything: the page, its filters and its CSV link.</summary>
public sealed class HistoryPageTests : BalancePageContext
{
    private async Task<(Guid Customer, Guid Service)> ShopperAsync()
    {
        var customer = Data.AddCustomer();
        var order = await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("paper-2gb")));
        var record = new RecordPayment(Data.Database, new LedgerPosting(Data.Time),
            new InvoiceSettlement(new LedgerPosting(Data.Time), new ProvisioningRequests(Data.Time), Data.Time), Data.Time);
        var paid = await record.ExecuteAsync(new RecordPaymentCommand(GatewayCodes.BankTransfer, "FNB-HIST", customer, order.InvoiceId,
            order.GrossTotal + Money.FromMinor(200_000, "ZAR"), Data.NowUtc, Note: null), CancellationToken.None);
        Assert.True(paid.IsSuccess, paid.Error?.Code);

        var admin = AddStaff(GameHost.Domain.Accounts.Roles.Admin);
        var plan = await Services.GetRequiredService<PoolPurchases>().SavePlanAsync(admin, new PoolPlanForm(null, "Pool 8 GB", "Pool 8 GB", 8192, 102_400, 200, 3, true,
            [(BillingPeriod.Month1, "ZAR", 30_000)]), CancellationToken.None);
        Assert.True(plan.IsSuccess, plan.Error?.Code);
        var pool = await Services.GetRequiredService<PoolPurchases>().BuyAsync(new BuyPoolCommand(customer, plan.Value, BillingPeriod.Month1, "pool-h"), CancellationToken.None);
        Assert.True(pool.IsSuccess, pool.Error?.Code);
        var product = await Services.GetRequiredService<ProductAdmin>().SaveAsync(admin, new ProductForm(null, "World import", "Importación de mundo", "We upload your world.", null,
            false, true, new Dictionary<string, long> { ["ZAR"] = 15_000, ["USD"] = 900 }), CancellationToken.None);
        Assert.True(product.IsSuccess, product.Error?.Code);
        var bought = await Services.GetRequiredService<ProductPurchases>().BuyAsync(new BuyProductCommand(customer, product.Value, order.SubscriptionId, "product-h"), CancellationToken.None);
        Assert.True(bought.IsSuccess, bought.Error?.Code);
        Data.Time.Advance(TimeSpan.FromDays(2));
        var upgrade = await Services.GetRequiredService<ServiceChanges>().ConfirmAsync(
            new ChangeRequest(customer, order.SubscriptionId, Data.TariffId("paper-4gb"), null), "upgrade-h", CancellationToken.None);
        Assert.True(upgrade.IsSuccess, upgrade.Error?.Code);
        await CreditAsync(customer, 50_000, "topup-h");
        return (customer, order.SubscriptionId);
    }

    [Fact]
    public async Task HistoryPage_OneOfEveryPurchase_ListsThemAndFiltersByService()
    {
        var (customer, service) = await ShopperAsync();
        SignIn(customer);
        Providers();

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=history-amount]").Count >= 5));
        Assert.Empty(page.FindAll("[data-testid=history-empty]"));
        var select = page.FindComponent<MudSelect<Guid?>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(service));
        page.WaitForAssertion(() => Assert.Contains("service=" + service.ToString("D"), page.Find("[data-testid=history-csv]").GetAttribute("href"), StringComparison.Ordinal));
        Assert.NotEmpty(page.FindAll("[data-testid=history-amount]"));
    }
}
