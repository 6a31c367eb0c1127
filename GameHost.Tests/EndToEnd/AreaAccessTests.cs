using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class AreaAccessTests(BrowserFixture fixture)
{
    [Fact]
    public Task Customer_CannotOpenStaffConsole() => fixture.RunAsync(nameof(Customer_CannotOpenStaffConsole), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Customer"];
        await BrowserFixture.LogInAsync(page, email, password);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cabinet$"));

        var response = await page.GotoAsync("/admin");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByTestId("status-403")).ToBeVisibleAsync();
        // And no staff link is offered to a customer.
        await page.GotoAsync("/cabinet");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Staff console" })).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Admin_LandsInStaffConsole() => fixture.RunAsync(nameof(Admin_LandsInStaffConsole), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Admin"];
        await BrowserFixture.LogInAsync(page, email, password);

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin$"));
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync(email);
    });
}
