using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The demo customer's money in the real app: the balance page with its forecast, recommended top-up and history link,
/// a running service upgraded after a quote, and a resource pool bought, filled with a server and refusing one that
/// does not fit (the pool server then shows in the services list with its pool).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BillingJourneyTests(BrowserFixture fixture)
{
    private static readonly System.Text.RegularExpressions.Regex ServicePage = new("/cabinet/services/[0-9a-f-]{36}$");

    [Fact]
    public Task Customer_OpensBalance_SeesForecastTopUpAndTheHistoryLink() => fixture.RunAsync(nameof(Customer_OpensBalance_SeesForecastTopUpAndTheHistoryLink), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Customer"];
        await BrowserFixture.LogInAsync(page, email, password);

        await page.GotoAsync("/cabinet/billing/balance");
        await Assertions.Expect(page.GetByTestId("balance-amount")).ToContainTextAsync("R");
        await Assertions.Expect(page.GetByTestId("balance-lasts-until")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("topup-recommended")).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "billing-balance");

        await Assertions.Expect(page.GetByTestId("balance-history-link")).ToHaveAttributeAsync("href", "/cabinet/billing/history");
    });

    [Fact]
    public Task Customer_UpgradesARunningService_AfterSeeingTheQuote() => fixture.RunAsync(nameof(Customer_UpgradesARunningService_AfterSeeingTheQuote), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Customer"];
        await BrowserFixture.LogInAsync(page, email, password);
        await page.GotoAsync("/cabinet/order?tariff=paper-2gb");
        await OrderingTests.FillUpToReviewAsync(page);
        await page.GetByTestId("place-order").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cabinet/billing/invoices/[0-9a-f-]{36}"));
        await page.GetByTestId("pay-from-balance").ClickAsync();
        await Assertions.Expect(page.GetByTestId("invoice-status")).ToHaveTextAsync("Paid");
        await page.GetByTestId("pay-see-server").ClickAsync();
        await page.WaitForURLAsync(ServicePage);

        await page.GetByTestId("service-change").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/change", StringComparison.Ordinal));
        await BrowserFixture.ChooseAsync(page, page.GetByTestId("change-tariff"), "Paper 4 GB");
        await page.GetByTestId("change-get-quote").ClickAsync();
        await Assertions.Expect(page.GetByTestId("change-quote")).ToHaveAttributeAsync("data-direction", "Upgrade");
        await Assertions.Expect(page.GetByTestId("quote-new-price")).ToContainTextAsync("Paper 4 GB");
        await ScreenTourTests.SaveAsync(page, "service-change-quote");

        await page.GetByTestId("change-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("change-applied")).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "service-change-applied");

        // After a purchase and an upgrade the expense history opens, with its CSV.
        await page.GotoAsync("/cabinet/billing/history");
        await Assertions.Expect(page.GetByTestId("history-amount").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("history-csv")).ToHaveAttributeAsync("href", "/cabinet/billing/history.csv");
        var csv = await page.APIRequest.GetAsync("/cabinet/billing/history.csv");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith(GameHost.Domain.Billing.Balance.LedgerCsv.Header, (await csv.TextAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
        await ScreenTourTests.SaveAsync(page, "billing-history");
    });

    [Fact]
    public Task Customer_BuysAPool_CreatesAServerAndIsRefusedWhenFull() => fixture.RunAsync(nameof(Customer_BuysAPool_CreatesAServerAndIsRefusedWhenFull), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Customer"];
        await BrowserFixture.LogInAsync(page, email, password);

        await page.GotoAsync("/cabinet/pools");
        var offer = page.GetByTestId("pool-offer").Filter(new() { HasText = "Pool 8 GB" });
        await Assertions.Expect(offer).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "pools");
        await offer.GetByTestId("pool-buy").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pool-bought")).ToBeVisibleAsync();
        await page.GetByTestId("pool-link").Filter(new() { HasText = "Pool 8 GB" }).First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cabinet/pools/[0-9a-f-]{36}$"));

        await page.Locator("[data-testid=pool-server-name] input, input[data-testid=pool-server-name]").First.FillAsync("Lobby");
        await page.Locator("[data-testid=pool-server-memory] input, input[data-testid=pool-server-memory]").First.FillAsync("6144");
        await page.GetByTestId("pool-server-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pool-server-row")).ToHaveTextAsync("Lobby");

        await page.Locator("[data-testid=pool-server-name] input, input[data-testid=pool-server-name]").First.FillAsync("Survival");
        await page.Locator("[data-testid=pool-server-memory] input, input[data-testid=pool-server-memory]").First.FillAsync("4096");
        await page.GetByTestId("pool-server-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pool-server-error")).ToContainTextAsync("not enough");
        await Assertions.Expect(page.GetByTestId("pool-plan-card")).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "pool-full");

        await page.GotoAsync("/cabinet/services");
        await Assertions.Expect(page.GetByTestId("service-pool").First).ToContainTextAsync("Pool 8 GB");
        await ScreenTourTests.SaveAsync(page, "services-with-pool");
    });
}
