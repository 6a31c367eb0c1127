using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// A customer pays an order invoice through a hosted checkout — the demo gateway's page inside the app — and comes back
/// to a paid invoice: attempt, redirect, signed webhook, inbox and the one recording path, all offline.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PaymentsDemoGatewayTests(BrowserFixture fixture)
{
    [Fact]
    public Task Customer_PaysAnInvoiceThroughTheDemoGateway_InvoiceIsPaid() => fixture.RunAsync(nameof(Customer_PaysAnInvoiceThroughTheDemoGateway_InvoiceIsPaid), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Customer"];
        await page.GotoAsync("/catalog");
        await page.Locator("[data-testid=tariff-card][data-slug=paper-4gb] [data-testid=tariff-order]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/cabinet/order?tariff=paper-4gb", StringComparison.Ordinal));
        await OrderingTests.FillUpToReviewAsync(page);
        await page.GetByTestId("place-order").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cabinet/billing/invoices/[0-9a-f-]{36}\\?placed=1$"));

        // The pay panel offers the demo gateway beside the balance and the bank transfer.
        var demo = page.GetByTestId("pay-with-demo");
        await Assertions.Expect(demo).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenTourTests.SaveAsync(page, "pay-panel-gateways");
        for (var attempt = 1; ; attempt++)
        {
            // The page is prerendered before its circuit connects: repeat the click until it is seen.
            await demo.ClickAsync();
            try
            {
                await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/pay/demo/[0-9a-f-]{36}$"), new PageWaitForURLOptions { Timeout = 3_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 6)
            {
            }
        }

        await Assertions.Expect(page.GetByTestId("demo-label")).ToHaveTextAsync("DEMO");
        await Assertions.Expect(page.GetByTestId("demo-amount")).ToHaveTextAsync("R538.65");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenTourTests.SaveAsync(page, "demo-gateway-page");
        await page.GetByTestId("demo-pay").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cabinet/billing/invoices/[0-9a-f-]{36}\\?attempt=[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("invoice-status")).ToHaveTextAsync("Paid");
        await Assertions.Expect(page.GetByTestId("pay-paid")).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "invoice-paid-by-gateway");
    });
}
