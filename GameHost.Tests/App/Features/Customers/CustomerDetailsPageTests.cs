using Bunit;
using GameHost.App.Features.Customers.Admin;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Customers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace GameHost.Tests.App.Features.Customers;

public class CustomerDetailsPageTests : StaffPageContext
{
    [Fact]
    public async Task Render_Customer_ShowsProfileAndSecurity()
    {
        var customer = await Data.AddCustomerAsync("Ana Admin-Free", "ana@example.test", "Blocky Ltd", emailConfirmed: false,
            configure: u => u.TwoFactorEnabled = true);
        SignIn(await Data.AddStaffAsync(), Roles.Support);

        var cut = Render<CustomerDetailsPage>(p => p.Add(x => x.Id, customer.Id));

        cut.WaitForAssertion(() => Assert.Equal("Ana Admin-Free", cut.Find("[data-testid=customer-name]").TextContent.Trim()));
        // Staff can open a ticket on this customer's behalf from here.
        Assert.Equal($"/admin/support/new?customer={customer.Id:D}", cut.Find("[data-testid=open-ticket-link]").GetAttribute("href"));
        var profile = cut.Find("[data-testid=customer-profile]").TextContent;
        Assert.Contains("Blocky Ltd", profile, StringComparison.Ordinal);
        Assert.Contains("ESB12345678", profile, StringComparison.Ordinal);
        Assert.Equal("No", cut.Find("[data-testid=email-confirmed]").TextContent.Trim());
        Assert.Equal("On", cut.Find("[data-testid=two-factor]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=audit-empty]"));
        Assert.Empty(cut.FindAll("[data-testid=unlock-button]"));
    }

    [Fact]
    public async Task Lock_AsksForAReasonThenLocksAndShowsTheAuditEntry()
    {
        var customer = await Data.AddCustomerAsync("Ana");
        var staff = await Data.AddStaffAsync(email: "sam@gamehost.test");
        SignIn(staff, Roles.Support);
        var providers = RenderProviders();
        var cut = Render<CustomerDetailsPage>(p => p.Add(x => x.Id, customer.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=lock-button]"));

        cut.Find("[data-testid=lock-button]").Click();
        providers.WaitForAssertion(() => providers.Find("textarea"));
        providers.Find("textarea").Input("Chargeback on invoice 1042");
        providers.Find("[data-testid=lock-confirm]").Click();

        cut.WaitForAssertion(() =>
        {
            var entry = cut.Find("[data-testid=audit-entry]");
            Assert.Equal(CustomerAccess.LockedAction, entry.GetAttribute("data-action"));
            Assert.Contains("Locked the account", entry.TextContent, StringComparison.Ordinal);
            Assert.Contains("sam@gamehost.test", entry.TextContent, StringComparison.Ordinal);
            Assert.Contains("Chargeback on invoice 1042", entry.TextContent, StringComparison.Ordinal);
        });
        Assert.Equal("LockedByStaff", cut.Find("[data-testid=customer-status]").GetAttribute("data-status"));
        Assert.NotNull(cut.Find("[data-testid=unlock-button]"));
        Assert.Contains("The account is locked.", providers.Markup, StringComparison.Ordinal);
        Assert.True((await Data.ReloadAsync(customer.Id)).IsLockedByStaff);
    }

    [Fact]
    public async Task Lock_WithoutAReason_ShowsTheMessageAtTheFieldAndLocksNothing()
    {
        var customer = await Data.AddCustomerAsync("Ana");
        SignIn(await Data.AddStaffAsync(), Roles.Support);
        var providers = RenderProviders();
        var cut = Render<CustomerDetailsPage>(p => p.Add(x => x.Id, customer.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=lock-button]"));

        cut.Find("[data-testid=lock-button]").Click();
        providers.WaitForAssertion(() => providers.Find("[data-testid=lock-confirm]"));
        providers.Find("[data-testid=lock-confirm]").Click();

        providers.WaitForAssertion(() => Assert.Contains("Say why the account is locked.", providers.Markup, StringComparison.Ordinal));
        Assert.NotNull(providers.Find("textarea"));
        Assert.False((await Data.ReloadAsync(customer.Id)).IsLockedByStaff);
        Assert.Empty(cut.FindAll("[data-testid=audit-entry]"));
    }

    [Fact]
    public async Task Unlock_LockedCustomer_UnlocksAndAddsTheEntryOnTop()
    {
        var customer = await Data.AddCustomerAsync("Ana");
        var staff = await Data.AddStaffAsync();
        await Data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, customer.Id, "Fraud"), CancellationToken.None);
        SignIn(staff, Roles.Support);
        var providers = RenderProviders();
        var cut = Render<CustomerDetailsPage>(p => p.Add(x => x.Id, customer.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=unlock-button]"));

        cut.Find("[data-testid=unlock-button]").Click();

        cut.WaitForAssertion(() => Assert.Equal(
            [CustomerAccess.UnlockedAction, CustomerAccess.LockedAction],
            cut.FindAll("[data-testid=audit-entry]").Select(e => e.GetAttribute("data-action"))));
        Assert.Equal("Active", cut.Find("[data-testid=customer-status]").GetAttribute("data-status"));
        Assert.Contains("The account is unlocked.", providers.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_UnknownOrStaffId_ShowsTheNotFoundPanel()
    {
        var staff = await Data.AddStaffAsync();
        SignIn(staff, Roles.Support);

        var unknown = Render<CustomerDetailsPage>(p => p.Add(x => x.Id, Guid.NewGuid()));
        var staffPage = Render<CustomerDetailsPage>(p => p.Add(x => x.Id, staff.Id));

        unknown.WaitForAssertion(() => unknown.Find("[data-testid=customer-not-found]"));
        staffPage.WaitForAssertion(() => staffPage.Find("[data-testid=customer-not-found]"));
    }

    /// <summary>The dialog, snackbar and popover hosts the layout normally provides.</summary>
    private IRenderedComponent<ContainerFragment> RenderProviders() => Render<ContainerFragment>(p => p.AddChildContent(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
    }));

    private sealed class ContainerFragment : ComponentBase
    {
        [Parameter]
        public RenderFragment? ChildContent { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) =>
            builder.AddContent(0, ChildContent);
    }
}
