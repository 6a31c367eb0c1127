using System.Globalization;
using Bunit;
using GameHost.App.Features.Customers.Admin;
using GameHost.Domain.Accounts;
using MudBlazor;

namespace GameHost.Tests.App.Features.Customers;

public class CustomersPageTests : StaffPageContext
{
    [Fact]
    public async Task Render_ListsCustomersNewestFirstWithStatusAndProfile_NeverStaff()
    {
        await Data.AddCustomerAsync("Old Olga", "olga@example.test", "Olga Hosting", createdAtUtc: Data.NowUtc.AddDays(-3));
        await Data.AddCustomerAsync("New Nick", "nick@example.test", "Nick Nodes", configure: u => u.IsLockedByStaff = true);
        SignIn(await Data.AddStaffAsync("Sam Staff"), Roles.Support);

        var cut = Render<CustomersPage>();

        cut.WaitForAssertion(() => Assert.Equal(["New Nick", "Old Olga"], Names(cut)));
        var firstRow = cut.FindAll("tbody tr")[0];
        Assert.Contains("nick@example.test", firstRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nick Nodes", firstRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("EUR", firstRow.TextContent, StringComparison.Ordinal);
        Assert.Equal("LockedByStaff", firstRow.QuerySelector("[data-testid=customer-status]")?.GetAttribute("data-status"));
        Assert.DoesNotContain("Sam Staff", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_AfterTheDebounce_ShowsOnlyMatchingRows()
    {
        await Data.AddCustomerAsync("Alice Anders", "alice@example.test");
        await Data.AddCustomerAsync("Bob Brown", "bob@example.test", company: "Creeper Crew");
        SignIn(await Data.AddStaffAsync(), Roles.Support);
        var cut = Render<CustomersPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, Names(cut).Count));

        var search = cut.FindComponent<MudTextField<string>>();
        await cut.InvokeAsync(() => search.Instance.OnDebounceIntervalElapsed.InvokeAsync("creeper"));

        cut.WaitForAssertion(() => Assert.Equal(["Bob Brown"], Names(cut)));
        await cut.InvokeAsync(() => search.Instance.OnDebounceIntervalElapsed.InvokeAsync("nobody"));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=customers-empty]")));
    }

    [Fact]
    public async Task SortLabel_Clicked_AsksTheQueryForThatOrder()
    {
        await Data.AddCustomerAsync("Carla", createdAtUtc: Data.NowUtc.AddDays(-1));
        await Data.AddCustomerAsync("alma", createdAtUtc: Data.NowUtc.AddDays(-2));
        await Data.AddCustomerAsync("Bruno", createdAtUtc: Data.NowUtc.AddDays(-3));
        SignIn(await Data.AddStaffAsync(), Roles.Support);
        var cut = Render<CustomersPage>();
        cut.WaitForAssertion(() => Assert.Equal(["Carla", "alma", "Bruno"], Names(cut)));

        cut.FindAll(".mud-table-sort-label")[0].Click();

        cut.WaitForAssertion(() => Assert.Equal(["alma", "Bruno", "Carla"], Names(cut)));
    }

    [Fact]
    public async Task Pager_ShowsTheTotalCountedByTheDatabase()
    {
        for (var i = 0; i < 12; i++)
        {
            await Data.AddCustomerAsync($"Customer {i:00}");
        }

        SignIn(await Data.AddStaffAsync(), Roles.Support);
        var cut = Render<CustomersPage>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(10, Names(cut).Count);
            Assert.Contains("1-10 of 12", cut.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Row_LinksToTheCustomerPage()
    {
        var customer = await Data.AddCustomerAsync("Ana");
        SignIn(await Data.AddStaffAsync(), Roles.Support);
        var cut = Render<CustomersPage>();

        cut.WaitForAssertion(() => Assert.Equal($"/admin/customers/{customer.Id}", cut.Find("[data-testid=customer-link]").GetAttribute("href")));
    }

    [Fact]
    public async Task Render_InSpanish_UsesSpanishWordsAndDates()
    {
        await Data.AddCustomerAsync("Ana");
        SignIn(await Data.AddStaffAsync(), Roles.Support);
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("es");
        try
        {
            var cut = Render<CustomersPage>();

            cut.WaitForAssertion(() => Assert.Single(Names(cut)));
            Assert.Contains("Correo electrónico", cut.Find("thead").TextContent, StringComparison.Ordinal);
            var row = cut.Find("tbody tr").TextContent;
            Assert.Contains("Activo", row, StringComparison.Ordinal);
            Assert.Contains("2/3/2026", row, StringComparison.Ordinal);
            Assert.Contains("Nunca", row, StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    private static List<string> Names(IRenderedComponent<CustomersPage> cut) =>
        cut.FindAll("[data-testid=customer-link]").Select(e => e.TextContent.Trim()).ToList();
}
