using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The whole promise in one walk: a customer orders a server, pays the invoice from the balance, and the provisioning
/// queue creates it on the built-in demo panel through the real panel client until the cabinet shows it running with
/// its address and a working "Open in panel" link.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProvisioningFlowTests(BrowserFixture fixture)
{
    [Fact]
    public Task Customer_OrdersAndPaysFromBalance_SeesTheServerRunning() => fixture.RunAsync(nameof(Customer_OrdersAndPaysFromBalance_SeesTheServerRunning), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Customer"];
        await BrowserFixture.LogInAsync(page, email, password);
        await page.GotoAsync("/cabinet/order?tariff=paper-2gb");
        await OrderingTests.FillUpToReviewAsync(page);
        await page.GetByTestId("place-order").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cabinet/billing/invoices/[0-9a-f-]{36}"));

        // The demo customer starts with credit; the invoice is paid from it.
        await Assertions.Expect(page.GetByTestId("pay-balance")).ToContainTextAsync("Your balance");
        await page.GetByTestId("pay-from-balance").ClickAsync();
        await Assertions.Expect(page.GetByTestId("invoice-status")).ToHaveTextAsync("Paid");
        await page.GetByTestId("pay-see-server").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cabinet/services/[0-9a-f-]{36}$"));

        // The queue polls every second and the demo panel installs in two: reload until the cabinet says running.
        var status = page.GetByTestId("service-status");
        for (var attempt = 0; attempt < 60; attempt++)
        {
            if (await status.GetAttributeAsync("data-status") == "Running")
            {
                break;
            }

            await Task.Delay(500);
            await page.ReloadAsync();
            await status.WaitForAsync();
        }

        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "Running");
        await Assertions.Expect(page.GetByTestId("service-address")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@":\d{4,5}"));
        await ScreenTourTests.SaveAsync(page, "server-running");

        var panelPage = await page.Context.RunAndWaitForPageAsync(() => page.GetByTestId("open-in-panel").ClickAsync());
        await panelPage.WaitForLoadStateAsync();
        await Assertions.Expect(panelPage.Locator("body")).ToContainTextAsync("Creeper Crew SMP");
    });
}
