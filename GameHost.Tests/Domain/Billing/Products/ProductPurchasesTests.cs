using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Products;
using GameHost.Tests.Domain.Billing.Changes;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Products;

public class ProductPurchasesTests : IDisposable
{
    private readonly ChangesTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<Guid> ProductAsync(bool needsService = false, long zar = 15_000, bool active = true)
    {
        var admin = _data.AddAdmin();
        var saved = await _data.ProductAdmin().SaveAsync(admin, new ProductForm(null, "World import", "Importación de mundo", "We upload your world.", null,
            needsService, active, new Dictionary<string, long> { ["ZAR"] = zar, ["USD"] = 900 }), CancellationToken.None);
        Assert.True(saved.IsSuccess, saved.Error?.Code);
        return saved.Value;
    }

    [Fact]
    public async Task BuyAsync_BalanceCovers_PaysWithTaxAndOpensAFulfilmentTaskStaffMarkDoneOnce()
    {
        _data.Tax = new FifteenPercentTax();
        var product = await ProductAsync(needsService: true);
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer, credit: 20_000);

        var bought = await _data.Products().BuyAsync(new BuyProductCommand(customer, product, subscription, "buy-1"), CancellationToken.None);

        Assert.True(bought.IsSuccess, bought.Error?.Code);
        Assert.Equal((true, 17_250L), (bought.Value!.Paid, bought.Value.GrossTotal.Minor));
        var invoice = await _data.InvoiceAsync(bought.Value.InvoiceId);
        Assert.Equal((InvoiceLineKind.Product, 2250L), (invoice.Lines.Single().Kind, invoice.TaxTotal.Minor));
        Assert.Equal(20_000 - 17_250, (await _data.BalanceAsync(customer)).Minor);
        var task = Assert.Single(await _data.Products().FulfilmentTasksAsync(includeDone: false, CancellationToken.None));
        Assert.Equal(("My server", ProductPurchaseStatus.ToFulfil), (task.ServerName, task.Status));

        var support = _data.AddAdmin(GameHost.Domain.Accounts.Roles.Support);
        var done = await _data.Products().MarkFulfilledAsync(support, task.PurchaseId, "World uploaded", CancellationToken.None);
        var again = await _data.Products().MarkFulfilledAsync(support, task.PurchaseId, null, CancellationToken.None);

        Assert.True(done.IsSuccess && again.IsSuccess);
        Assert.Empty(await _data.Products().FulfilmentTasksAsync(includeDone: false, CancellationToken.None));
        var all = Assert.Single(await _data.Products().FulfilmentTasksAsync(includeDone: true, CancellationToken.None));
        Assert.Equal((ProductPurchaseStatus.Fulfilled, "World uploaded"), (all.Status, all.Note));
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(1, await db.Set<GameHost.Domain.Audit.AuditEntry>().CountAsync(e => e.Action == ProductPurchases.FulfilledAuditAction));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task BuyAsync_BalanceShort_WaitsForPaymentThenBecomesATask()
    {
        var product = await ProductAsync();
        var customer = _data.AddCustomer();

        var bought = await _data.Products().BuyAsync(new BuyProductCommand(customer, product, null, "buy-2"), CancellationToken.None);

        Assert.False(bought.Value!.Paid);
        Assert.Empty(await _data.Products().FulfilmentTasksAsync(includeDone: true, CancellationToken.None));
        var early = await _data.Products().MarkFulfilledAsync(_data.AddAdmin(), bought.Value.PurchaseId, null, CancellationToken.None);
        Assert.Equal(ProductsErrors.FulfilmentNotPaid.Code, early.Error?.Code);

        await _data.PayAsync(customer, bought.Value.InvoiceId, 15_000, "FNB-P");

        Assert.Single(await _data.Products().FulfilmentTasksAsync(includeDone: false, CancellationToken.None));
    }

    [Fact]
    public async Task BuyAsync_DoubleClickRacing_MakesOneInvoiceAndOneCharge()
    {
        var product = await ProductAsync();
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 50_000, "FNB-CREDIT");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => _data.Products().BuyAsync(new BuyProductCommand(customer, product, null, "same-form"), CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Single(results.Select(r => r.Value!.InvoiceId).Distinct());
        Assert.Equal(35_000, (await _data.BalanceAsync(customer)).Minor);
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(1, await db.ProductPurchases().CountAsync());
    }

    [Fact]
    public async Task BuyAsync_RefusedCases_ReturnStableCodes()
    {
        var forService = await ProductAsync(needsService: true);
        var inactive = await ProductAsync(active: false);
        var customer = _data.AddCustomer();
        var euro = _data.AddCustomer("EUR");

        Assert.Equal(ProductsErrors.ServiceRequired.Code, (await _data.Products().BuyAsync(new BuyProductCommand(customer, forService, null, "r1"), CancellationToken.None)).Error?.Code);
        Assert.Equal(ProductsErrors.ServiceNotFound.Code, (await _data.Products().BuyAsync(new BuyProductCommand(customer, forService, Guid.NewGuid(), "r2"), CancellationToken.None)).Error?.Code);
        Assert.Equal(ProductsErrors.NotFound.Code, (await _data.Products().BuyAsync(new BuyProductCommand(customer, inactive, null, "r3"), CancellationToken.None)).Error?.Code);
        Assert.Equal(ProductsErrors.NotForSale.Code, (await _data.Products().BuyAsync(new BuyProductCommand(euro, forService, null, "r4"), CancellationToken.None)).Error?.Code);
        Assert.Equal(BillingErrors.InvalidRequestId.Code, (await _data.Products().BuyAsync(new BuyProductCommand(customer, forService, null, " "), CancellationToken.None)).Error?.Code);
        Assert.Empty(await _data.Products().ForSaleAsync(euro, CancellationToken.None));
        Assert.Single(await _data.Products().ForSaleAsync(customer, CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_InvalidFormOrNotAdmin_IsRefused()
    {
        var admin = _data.AddAdmin();
        var customer = _data.AddCustomer();
        var prices = new Dictionary<string, long> { ["ZAR"] = 100 };

        Assert.Equal(ProductsErrors.NameRequired.Code, (await _data.ProductAdmin().SaveAsync(admin, new ProductForm(null, " ", null, null, null, false, true, prices), CancellationToken.None)).Error?.Code);
        Assert.Equal(ProductsErrors.PriceRequired.Code, (await _data.ProductAdmin().SaveAsync(admin, new ProductForm(null, "A", null, null, null, false, true, new Dictionary<string, long>()), CancellationToken.None)).Error?.Code);
        Assert.Equal(ProductsErrors.PriceRequired.Code, (await _data.ProductAdmin().SaveAsync(admin, new ProductForm(null, "A", null, null, null, false, true, new Dictionary<string, long> { ["XXX"] = 1 }), CancellationToken.None)).Error?.Code);
        Assert.Equal(ProductsErrors.NotStaff.Code, (await _data.ProductAdmin().SaveAsync(customer, new ProductForm(null, "A", null, null, null, false, true, prices), CancellationToken.None)).Error?.Code);
        Assert.Empty(await _data.ProductAdmin().ListAsync(CancellationToken.None));
    }
}
