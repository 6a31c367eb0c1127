using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>The staff billing hub in the real app: invoices, credit notes, and the tax rules a fresh install ships with.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BillingAdminTests(BrowserFixture fixture)
{
    [Fact]
    public Task Owner_OpensBillingAndFindsSouthAfricanVat() => fixture.RunAsync(nameof(Owner_OpensBillingAndFindsSouthAfricanVat), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Admin"];
        await BrowserFixture.LogInAsync(page, email, password);

        await page.GotoAsync("/admin/billing");
        await Assertions.Expect(page.GetByTestId("admin-invoices")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Billing" })).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "admin-billing");

        await page.GetByTestId("section-CreditNotes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-credit-notes")).ToBeVisibleAsync();

        await page.GetByTestId("section-Taxes").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=tax-rule][data-country=ZA]")).ToContainTextAsync("15%");
        await ScreenTourTests.SaveAsync(page, "admin-billing-taxes");
    });

    [Fact]
    public Task SupportAgent_IsTurnedAwayFromBilling() => fixture.RunAsync(nameof(SupportAgent_IsTurnedAwayFromBilling), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Support"];
        await BrowserFixture.LogInAsync(page, email, password);

        var response = await page.GotoAsync("/admin/billing/taxes");

        Assert.Equal(403, response!.Status);
    });
}
