using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The demo customer's money in the real app: the balance page with its forecast, recommended top-up and history link,
/// and a resource pool bought, filled with a server and refusing one that
/// does not fit (the pool server then shows in the services list with its pool).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BillingJourneyTests(BrowserFixture fixture)
{
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
