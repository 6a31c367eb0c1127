using GameHost.Domain.Billing;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Demo;

namespace GameHost.Tests.Domain.Billing;

/// <summary>What the cabinet's invoice pages read: a customer's invoices newest first, and one invoice with its lines.</summary>
public class InvoiceQueryTests : IDisposable
{
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task CustomerInvoices_SeveralOrders_ListsOnlyTheirInvoicesNewestFirst()
    {
        var customer = _data.AddCustomer();
        var paper = _data.TariffId("paper-4gb");
        var first = await _data.PlaceAsync(BillingTestData.Order(customer, paper));
        await _data.PlaceAsync(BillingTestData.Order(_data.AddCustomer(), paper));
        _data.Time.Advance(TimeSpan.FromDays(1));
        var second = await _data.PlaceAsync(BillingTestData.Order(customer, _data.TariffId("bedrock-2gb")));

        var page = await _data.CustomerInvoices().ExecuteAsync(customer, 0, 20, CancellationToken.None);

        Assert.Equal([second.InvoiceId, first.InvoiceId], page.Items.Select(i => i.Id));
        Assert.Equal(2, page.TotalCount);
        Assert.Equal(("INV-000003", InvoiceStatus.Open, new Money(8500, Currency.ZAR)), (page.Items[0].Number, page.Items[0].Status, page.Items[0].GrossTotal));
    }

    [Fact]
    public async Task InvoiceDetails_OwnInvoice_HasLinesAndTotalsThatAreTheirSums()
    {
        var customer = _data.AddCustomer();
        var placed = await _data.PlaceAsync(BillingTestData.Order(customer, _data.TariffId("rust-8gb"),
            addOns: new Dictionary<string, int> { ["backup-slot"] = 2 }, promo: DemoCatalogSeeder.WelcomeCode));

        var details = (await _data.InvoiceDetails().ExecuteAsync(customer, placed.InvoiceId, CancellationToken.None)).Value!;

        Assert.Equal([InvoiceLineKind.Period, InvoiceLineKind.AddOn, InvoiceLineKind.SetupFee, InvoiceLineKind.Discount, InvoiceLineKind.Discount],
            details.Lines.Select(l => l.Kind));
        Assert.Equal((2, new Money(1800, Currency.ZAR)), (details.Lines[1].Quantity, details.Lines[1].Net));
        Assert.Equal("Setup fee: Rust 8 GB", details.Lines[2].Description.En);
        Assert.Equal(details.Lines.Aggregate(Money.Zero(Currency.ZAR), (s, l) => s + l.Net), details.NetTotal);
        Assert.Equal(details.Lines.Aggregate(Money.Zero(Currency.ZAR), (s, l) => s + l.Gross), details.GrossTotal);
        Assert.Equal(placed.GrossTotal, details.GrossTotal);
    }

    [Fact]
    public async Task InvoiceDetails_AnotherCustomersInvoice_IsNotFound()
    {
        var placed = await _data.PlaceAsync(BillingTestData.Order(_data.AddCustomer(), _data.TariffId("paper-4gb")));

        var result = await _data.InvoiceDetails().ExecuteAsync(_data.AddCustomer(), placed.InvoiceId, CancellationToken.None);

        Assert.Equal("billing.invoice_not_found", result.Error?.Code);
    }
}
