using Bunit;
using GameHost.App.Features.Dashboard.Admin;
using GameHost.App.Features.Dashboard.Cabinet;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Customers;
using GameHost.Tests.App.Features.Customers;

namespace GameHost.Tests.App.Features.Dashboard;

public class DashboardPagesTests : StaffPageContext
{
    [Fact]
    public async Task StaffDashboard_ShowsFiguresFromTheStoreAndTheLatestAction()
    {
        var staff = await Data.AddStaffAsync(email: "sam@gamehost.test");
        await Data.AddCustomerAsync("Ana", emailConfirmed: false);
        var bob = await Data.AddCustomerAsync("Bob", createdAtUtc: Data.NowUtc.AddDays(-30));
        await Data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, bob.Id, "Abuse"), CancellationToken.None);
        SignIn(staff, Roles.Support);

        var cut = Render<StaffDashboardPage>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("2", Stat(cut, "stat-customers"));
            Assert.Equal("1", Stat(cut, "stat-new"));
            Assert.Equal("1", Stat(cut, "stat-unconfirmed"));
            Assert.Equal("1", Stat(cut, "stat-locked"));
            Assert.Equal("0", Stat(cut, "stat-emails-pending"));
        });
        var entry = cut.Find("[data-testid=audit-entry]");
        Assert.Contains("sam@gamehost.test", entry.TextContent, StringComparison.Ordinal);
        Assert.NotNull(entry.QuerySelector($"a[href='/admin/customers/{bob.Id}']"));
    }

    [Fact]
    public async Task Cabinet_Customer_SeesGreetingProfileAndSecurityWithLinks()
    {
        var customer = await Data.AddCustomerAsync("Ana López", company: "Blocky Ltd", lastLoginAtUtc: Data.NowUtc);
        SignIn(customer, Roles.Customer);

        var cut = Render<CabinetDashboardPage>();

        cut.WaitForAssertion(() => Assert.Equal("Hello, Ana López", cut.Find("[data-testid=cabinet-greeting]").TextContent.Trim()));
        var profile = cut.Find("[data-testid=cabinet-profile]").TextContent;
        Assert.Contains("Blocky Ltd", profile, StringComparison.Ordinal);
        Assert.Contains("EUR", profile, StringComparison.Ordinal);
        Assert.Equal("Two-factor authentication is off.", cut.Find("[data-testid=cabinet-2fa-status]").TextContent.Trim());
        Assert.Equal("/account/manage/two-factor", cut.Find("[data-testid=cabinet-2fa-link]").GetAttribute("href"));
        Assert.Equal("/account/manage", cut.Find("[data-testid=cabinet-manage]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=cabinet-staff-note]"));
    }

    [Fact]
    public async Task Cabinet_Staff_SeesANoteWithALinkToTheConsole()
    {
        SignIn(await Data.AddStaffAsync("Olivia", Roles.Admin), Roles.Admin);

        var cut = Render<CabinetDashboardPage>();

        var note = cut.Find("[data-testid=cabinet-staff-note]");
        Assert.NotNull(note.QuerySelector("a[href='/admin']"));
        Assert.Empty(cut.FindAll("[data-testid=cabinet-greeting]"));
    }

    private static string Stat(IRenderedComponent<StaffDashboardPage> cut, string testId) =>
        cut.Find($"[data-testid={testId}] [data-testid=stat-value]").TextContent.Trim();
}
