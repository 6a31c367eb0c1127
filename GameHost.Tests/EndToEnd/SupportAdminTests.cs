using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>The helpdesk's admin screens in the real app over the demo seed: departments with SLA targets, canned replies.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SupportAdminTests(BrowserFixture fixture)
{
    [Fact]
    public Task Owner_OpensDepartmentsTargetsAndCannedReplies() => fixture.RunAsync(nameof(Owner_OpensDepartmentsTargetsAndCannedReplies), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Admin"];
        await BrowserFixture.LogInAsync(page, email, password);

        await page.GotoAsync("/admin/support/departments");
        await Assertions.Expect(page.GetByTestId("department-link").First).ToHaveTextAsync("Technical support");
        await Assertions.Expect(page.GetByTestId("nav-support-departments")).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "admin-support-departments");

        await page.GetByTestId("department-link").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/admin/support/departments/", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("department-title")).ToHaveTextAsync("Technical support");
        await Assertions.Expect(page.GetByTestId("sla-row-Urgent")).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "admin-support-department");

        await page.GotoAsync("/admin/support/canned");
        await Assertions.Expect(page.GetByTestId("canned-row").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("canned-placeholders")).ToContainTextAsync("{{customer_name}}");
        await ScreenTourTests.SaveAsync(page, "admin-support-canned");
    });

    [Fact]
    public Task SupportAgent_IsTurnedAwayFromDepartmentsButKeepsCannedReplies() => fixture.RunAsync(nameof(SupportAgent_IsTurnedAwayFromDepartmentsButKeepsCannedReplies), async page =>
    {
        var (email, password) = fixture.DemoAccounts["Support"];
        await BrowserFixture.LogInAsync(page, email, password);

        var departments = await page.GotoAsync("/admin/support/departments");
        var canned = await page.GotoAsync("/admin/support/canned");

        Assert.Equal(403, departments!.Status);
        Assert.Equal(200, canned!.Status);
        await Assertions.Expect(page.GetByTestId("canned-editor")).ToBeVisibleAsync();
    });
}
