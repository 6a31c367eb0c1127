using Bunit;
using GameHost.App.Features.Billing.Cabinet;
using GameHost.Domain.Catalog;
using GameHost.Tests.App.Features.Ordering;
using GameHost.Tests.Domain.Billing;

namespace GameHost.Tests.App.Features.Billing;

/// <summary>The customer's invoices in the cabinet: the list, one invoice with its lines and how to pay, and only their own.</summary>
public class InvoicePagesTests : OrderPageContext
{
    [Fact]
    public async Task InvoicePage_OpenOrderInvoice_ShowsNumberDatesBuyerLinesTotalAndReference()
    {
        var customer = Data.AddCustomer(name: "Thandi Nkosi", company: "Creeper Crew", vat: "4123456789");
        var placed = await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("rust-8gb"), period: BillingPeriod.Month3));
        SignIn(customer);

        var page = Render<InvoicePage>(p => p.Add(x => x.Id, placed.InvoiceId));

        page.WaitForAssertion(() => Assert.Equal("Invoice INV-000001", page.Find("[data-testid=invoice-number]").TextContent.Trim()));
        Assert.Equal("Awaiting payment", page.Find("[data-testid=invoice-status]").TextContent.Trim());
        // Demo clock: 1 June 2026; three days to pay.
        Assert.Equal(("6/1/2026", "6/4/2026"), (page.Find("[data-testid=invoice-issued]").TextContent, page.Find("[data-testid=invoice-due]").TextContent));
        var buyer = page.Find("[data-testid=invoice-buyer]").TextContent;
        Assert.Contains("Thandi Nkosi", buyer, StringComparison.Ordinal);
        Assert.Contains("Creeper Crew", buyer, StringComparison.Ordinal);
        Assert.Contains("South Africa", buyer, StringComparison.Ordinal);
        Assert.Contains("4123456789", buyer, StringComparison.Ordinal);
        // Rust 8 GB: R 259.00 a month, 3 months 5 % off = R 738.15, plus the R 85.00 setup fee.
        Assert.Equal(["Period", "SetupFee"], page.FindAll("[data-testid=invoice-line]").Select(l => l.GetAttribute("data-kind")));
        Assert.Contains("Rust 8 GB, 3 months", page.Find("[data-testid=invoice-line]").TextContent, StringComparison.Ordinal);
        Assert.Equal("R823.15", page.Find("[data-testid=invoice-gross]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=invoice-no-tax]"));
        Assert.Equal("INV-000001", page.Find("[data-testid=pay-reference]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=order-placed]"));
    }

    [Fact]
    public async Task InvoicePage_BalanceCoversIt_PaysFromBalanceAndLinksToTheServer()
    {
        var customer = Data.AddCustomer();
        var placed = await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("paper-2gb")));
        await FundAsync(customer, placed.GrossTotal.Minor + 1000);
        SignIn(customer);
        var page = Render<InvoicePage>(p => p.Add(x => x.Id, placed.InvoiceId));
        page.WaitForAssertion(() => page.Find("[data-testid=pay-from-balance]"));

        page.Find("[data-testid=pay-from-balance]").Click();

        page.WaitForAssertion(() => Assert.Equal("Paid", page.Find("[data-testid=invoice-status]").TextContent.Trim()));
        Assert.Equal($"/cabinet/services/{placed.SubscriptionId:D}", page.Find("[data-testid=pay-see-server]").GetAttribute("href"));
        var balance = await new GameHost.Domain.Billing.Ledger.CustomerBalanceQuery(Data.Database).ExecuteAsync(customer, GameHost.Domain.Common.Currency.ZAR, CancellationToken.None);
        Assert.Equal(1000, balance.Minor);
    }

    [Fact]
    public async Task InvoicePage_BalanceTooSmall_OffersNoBalancePaymentAndExplains()
    {
        var customer = Data.AddCustomer();
        var placed = await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("paper-2gb")));
        await FundAsync(customer, 100);
        SignIn(customer);

        var page = Render<InvoicePage>(p => p.Add(x => x.Id, placed.InvoiceId));

        page.WaitForAssertion(() => Assert.Contains("R1.00", page.Find("[data-testid=pay-balance]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=pay-from-balance]"));
        Assert.NotNull(page.Find("[data-testid=pay-balance-short]"));
    }

    /// <summary>Credit on the customer's balance, the way a top-up without an invoice arrives.</summary>
    private async Task FundAsync(Guid customer, long minor)
    {
        await using var db = Data.Database.CreateDbContext();
        var ledger = new GameHost.Domain.Billing.Ledger.LedgerPosting(Data.Time);
        var credit = GameHost.Domain.Common.Money.FromMinor(minor, "ZAR");
        await ledger.PostAsync(db, new GameHost.Domain.Billing.Ledger.PostingRequest($"test-credit:{customer:N}", "adjustment", "Test credit",
            [GameHost.Domain.Billing.Ledger.Posting.System(GameHost.Domain.Billing.Ledger.LedgerAccountKind.Adjustments, -credit),
             GameHost.Domain.Billing.Ledger.Posting.Customer(customer, credit)], customer), CancellationToken.None);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task InvoicePage_AnotherCustomersInvoice_IsNotFound()
    {
        var owner = Data.AddCustomer();
        var placed = await Data.PlaceAsync(BillingTestData.Order(owner, Data.TariffId("paper-4gb")));
        SignIn(Data.AddCustomer(name: "Mallory"));

        var page = Render<InvoicePage>(p => p.Add(x => x.Id, placed.InvoiceId));

        page.WaitForAssertion(() => page.Find("[data-testid=invoice-not-found]"));
        Assert.DoesNotContain("INV-000001", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvoicePage_JustPlaced_ConfirmsTheOrder()
    {
        var customer = Data.AddCustomer();
        var placed = await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("paper-4gb")));
        SignIn(customer);
        Navigation.NavigateTo($"/cabinet/billing/invoices/{placed.InvoiceId}?placed=1");

        var page = Render<InvoicePage>(p => p.Add(x => x.Id, placed.InvoiceId));

        page.WaitForAssertion(() => page.Find("[data-testid=order-placed]"));
    }

    [Fact]
    public async Task InvoicesPage_ListsOnlyTheCustomersInvoicesNewestFirst()
    {
        var customer = Data.AddCustomer();
        var other = Data.AddCustomer(name: "Mallory");
        await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("paper-4gb")));
        await Data.PlaceAsync(BillingTestData.Order(other, Data.TariffId("paper-2gb")));
        Data.Time.Advance(TimeSpan.FromHours(1));
        await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("rust-8gb")));
        SignIn(customer);

        var page = Render<InvoicesPage>();

        page.WaitForAssertion(() => Assert.Equal(["INV-000003", "INV-000001"],
            page.FindAll("[data-testid=invoice-link]").Select(l => l.TextContent.Trim())));
        Assert.Equal(["R344.00", "R189.00"], page.FindAll("[data-testid=invoice-total]").Select(t => t.TextContent.Trim()));
    }

    [Fact]
    public void InvoicesPage_NoInvoices_OffersToOrder()
    {
        SignIn(Data.AddCustomer());

        var page = Render<InvoicesPage>();

        page.WaitForAssertion(() => Assert.Contains("/cabinet/order", page.Find("[data-testid=invoices-empty]").InnerHtml, StringComparison.Ordinal));
    }
}
