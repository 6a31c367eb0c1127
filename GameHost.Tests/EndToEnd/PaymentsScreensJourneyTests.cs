using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// A customer tops up the balance online through the demo gateway and lands back on the balance page with the outcome;
/// the saved-methods page explains the autopay order. Then the owner finds the payment and opens its page.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PaymentsScreensJourneyTests(BrowserFixture fixture)
{
    /// <summary>The page is prerendered before its circuit connects: repeat the click until <paramref name="done"/> shows it was seen.</summary>
    private static async Task ClickUntilAsync(ILocator target, Func<Task> done)
    {
        for (var attempt = 1; ; attempt++)
        {
            await target.ClickAsync();
            try
            {
                await done();
                return;
            }
            catch (Exception exception) when (attempt < 6 && exception is TimeoutException or PlaywrightException or Xunit.Sdk.XunitException)
            {
            }
        }
    }

    [Fact]
    public Task Customer_TopsUpOnlineThroughTheDemoGateway_BalancePageShowsItArrived() => fixture.RunAsync(nameof(Customer_TopsUpOnlineThroughTheDemoGateway_BalancePageShowsItArrived), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Customer"];
        await BrowserFixture.LogInAsync(page, email, password);
        await page.GotoAsync("/cabinet/billing/balance");
        await Assertions.Expect(page.GetByTestId("gateway-topup")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var amount = page.Locator("input[data-testid=topup-online-amount], [data-testid=topup-online-amount] input").First;
        var methods = page.GetByTestId("topup-online-methods");
        await ClickUntilAsync(page.GetByTestId("topup-online-continue"), async () =>
        {
            await amount.FillAsync("50");
            await amount.BlurAsync();
            await page.GetByTestId("topup-online-continue").ClickAsync();
            await Assertions.Expect(methods).ToBeVisibleAsync(new() { Timeout = 3_000 });
        });
        await Assertions.Expect(methods).ToHaveAttributeAsync("data-amount", "5000");
        await ScreenTourTests.SaveAsync(page, "balance-top-up-online");

        await ClickUntilAsync(page.GetByTestId("pay-with-demo"),
            () => page.WaitForURLAsync(new Regex("/pay/demo/[0-9a-f-]{36}$"), new PageWaitForURLOptions { Timeout = 3_000 }));
        await Assertions.Expect(page.GetByTestId("demo-amount")).ToHaveTextAsync("R50.00");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.GetByTestId("demo-pay").ClickAsync();

        await page.WaitForURLAsync(new Regex("/cabinet/billing/balance\\?attempt=[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("topup-outcome")).ToHaveAttributeAsync("data-status", "Succeeded");
        await Assertions.Expect(page.GetByTestId("topup-outcome")).ToContainTextAsync("arrived and is on your balance");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenTourTests.SaveAsync(page, "balance-top-up-arrived");

        await page.GetByTestId("nav-payment-methods").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/cabinet/billing/payment-methods", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("methods-explained")).ToContainTextAsync("then your balance");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenTourTests.SaveAsync(page, "cabinet-payment-methods");

        // The owner, in another browser, finds the top-up in the payments list and opens it.
        await using var staff = await page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.BaseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var admin = await staff.NewPageAsync();
        var (adminEmail, adminPassword) = fixture.DemoAccounts["Admin"];
        await BrowserFixture.LogInAsync(admin, adminEmail, adminPassword);
        await admin.GotoAsync("/admin/payments");
        var reference = admin.GetByTestId("payment-reference").First;
        await Assertions.Expect(reference).ToBeVisibleAsync();
        await reference.ClickAsync();
        await admin.WaitForURLAsync(new Regex("/admin/payments/[0-9a-f-]{36}$"));
        await Assertions.Expect(admin.GetByTestId("payment-summary")).ToContainTextAsync("Balance top-up");
        await Assertions.Expect(admin.GetByTestId("refund-blocked")).ToHaveAttributeAsync("data-block", "NoInvoice");
        await admin.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenTourTests.SaveAsync(admin, "admin-payment-details");
    });
}
