using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// Walks the main screens as each demo account, checking each shows its real content, and keeps a screenshot of each
/// in <c>TestResults/e2e/screens/</c> (the README's screenshots come from here).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ScreenTourTests(BrowserFixture fixture)
{
    [Fact]
    public Task Customer_SeesCabinetDashboardWithProfile() => fixture.RunAsync(nameof(Customer_SeesCabinetDashboardWithProfile), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Customer"];
        await BrowserFixture.LogInAsync(page, email, password);

        await page.GotoAsync("/cabinet");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Carlos");
        await Assertions.Expect(page.GetByText("Creeper Crew")).ToBeVisibleAsync();
        await SaveAsync(page, "cabinet");
    });

    [Fact]
    public Task Admin_SeesDashboardCustomersAndJobs() => fixture.RunAsync(nameof(Admin_SeesDashboardCustomersAndJobs), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Admin"];
        await BrowserFixture.LogInAsync(page, email, password);

        await page.GotoAsync("/admin");
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        await SaveAsync(page, "admin-dashboard");

        await page.GotoAsync("/admin/customers");
        await Assertions.Expect(page.GetByText(fixture.DemoAccounts["Customer"].Email)).ToBeVisibleAsync();
        await SaveAsync(page, "admin-customers");

        await page.GetByText(fixture.DemoAccounts["Customer"].Email).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/customers/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("customer-profile")).ToContainTextAsync("Creeper Crew");

        // Lock with a reason, see the audit entry, then unlock (other tests sign in as this customer).
        await page.GetByTestId("lock-button").ClickAsync();
        await page.Locator("textarea[data-testid=lock-reason], [data-testid=lock-reason] textarea").First.FillAsync("Chargeback under review");
        await page.GetByTestId("lock-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-entry").First).ToContainTextAsync(fixture.DemoAccounts["Admin"].Email);
        await Assertions.Expect(page.GetByTestId("unlock-button")).ToBeVisibleAsync();
        await SaveAsync(page, "admin-customer-detail");
        await page.GetByTestId("unlock-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lock-button")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("audit-entry")).ToHaveCountAsync(2);

        // A ticket on the customer's behalf starts from here (the form only; no ticket is opened in the tour).
        await page.GetByTestId("open-ticket-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("customer")).ToContainTextAsync(fixture.DemoAccounts["Customer"].Email);
        await Assertions.Expect(page.GetByTestId("submit-ticket")).ToBeEnabledAsync();
        await SaveAsync(page, "admin-new-ticket-for-customer");

        await page.GotoAsync("/admin/jobs");
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        await SaveAsync(page, "admin-jobs");

        foreach (var (path, name) in new[]
                 {
                     ("/admin/provisioning", "admin-provisioning"),
                     ("/admin/payments", "admin-payments"),
                     ("/admin/settings/panel", "admin-settings-panel"),
                 })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await SaveAsync(page, name);
        }
    });

    [Fact]
    public Task Customer_SeesCatalogOrderFormAndInvoices() => fixture.RunAsync(nameof(Customer_SeesCatalogOrderFormAndInvoices), async page =>
    {
        await page.GotoAsync("/catalog?currency=ZAR");
        await Assertions.Expect(page.GetByTestId("tariff-card").First).ToContainTextAsync("R");
        await SaveAsync(page, "catalog");

        var (email, password) = fixture.DemoAccounts["Customer"];
        await BrowserFixture.LogInAsync(page, email, password);
        await page.GotoAsync("/cabinet/order");
        await Assertions.Expect(page.GetByTestId("game-option").First).ToBeVisibleAsync();
        await SaveAsync(page, "order-game");

        await page.GotoAsync("/cabinet/order?tariff=paper-4gb");
        await OrderingTests.FillUpToReviewAsync(page);
        await SaveAsync(page, "order-review");

        await page.GotoAsync("/cabinet/billing");
        await Assertions.Expect(page.GetByTestId("invoices-table")).ToBeVisibleAsync();
        await SaveAsync(page, "invoices");
    });

    [Fact]
    public Task Anonymous_SeesIdentityPages() => fixture.RunAsync(nameof(Anonymous_SeesIdentityPages), async page =>
    {
        foreach (var (path, name) in new[] { ("/", "home"), ("/account/login", "login"), ("/account/register", "register") })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            await SaveAsync(page, name);
        }
    });

    internal static async Task SaveAsync(IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var directory = Path.Combine(BrowserFixture.ArtifactsDirectory, "screens");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
