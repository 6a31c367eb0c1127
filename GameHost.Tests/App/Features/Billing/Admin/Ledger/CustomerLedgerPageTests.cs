using Bunit;
using GameHost.App.Features.Accounts;
using GameHost.App.Features.Billing.Admin.Ledger;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Postpaid;
using GameHost.Tests.App.Features.Billing.Cabinet.Balance;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace GameHost.Tests.App.Features.Billing.Admin.Ledger;

/// <summary>The staff ledger page: the manual credit/debit dialog (reason required, audited) and the credit limit.</summary>
public sealed class CustomerLedgerPageTests : BalancePageContext
{
    private IRenderedComponent<MudDialogProvider> SignInAsAdmin(Guid adminId)
    {
        SignIn(adminId, Roles.Admin);
        Auth.SetPolicies(Policies.Admin, Policies.Staff);
        Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }

    [Fact]
    public async Task AdjustmentDialog_WithoutReasonThenWithReason_RefusesThenPostsOnceAndShowsTheMovement()
    {
        var customer = Data.AddCustomer();
        var admin = AddStaff(Roles.Admin);
        var dialogs = SignInAsAdmin(admin);
        var page = Render<CustomerLedgerPage>(p => p.Add(x => x.Id, customer));
        page.WaitForAssertion(() => Assert.Equal("R0.00", page.Find("[data-testid=ledger-balance]").TextContent.Trim()));

        page.Find("[data-testid=ledger-adjust]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=adjust-amount]"));
        Type(dialogs.Find("[data-testid=adjust-amount]"), "75.50");
        dialogs.Find("[data-testid=adjust-confirm]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Say why the balance is adjusted.", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(0, await BalanceAsync(customer));

        Type(dialogs.Find("[data-testid=adjust-reason]"), "Goodwill: node outage on 31 May");
        dialogs.Find("[data-testid=adjust-confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal("R75.50", page.Find("[data-testid=ledger-balance]").TextContent.Trim()));
        Assert.Empty(dialogs.FindAll("[data-testid=adjust-dialog]"));
        page.WaitForAssertion(() => Assert.Equal("Adjustment by staff", page.Find("[data-testid=history-kind]").TextContent.Trim()));
        await using var db = Data.Database.CreateDbContext();
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AdjustBalance.AuditAction);
        Assert.Equal((customer.ToString(), admin), (audit.SubjectId, audit.ActorUserId!.Value));
        Assert.Single(await db.LedgerTransactions().AsNoTracking().Where(t => t.Kind == AdjustBalance.TransactionKind).ToListAsync());
    }

    [Fact]
    public async Task AdjustmentDialog_Debit_TakesFromTheBalance()
    {
        var customer = Data.AddCustomer();
        await CreditAsync(customer, 10_000, "t1");
        var dialogs = SignInAsAdmin(AddStaff(Roles.Admin));
        var page = Render<CustomerLedgerPage>(p => p.Add(x => x.Id, customer));
        page.WaitForAssertion(() => page.Find("[data-testid=ledger-adjust]"));

        page.Find("[data-testid=ledger-adjust]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=adjust-debit]"));
        var debit = dialogs.Find("[data-testid=adjust-debit]");
        var radio = debit.TagName == "INPUT" ? debit : debit.QuerySelector("input") ?? debit;
        if (radio.HasAttribute("blazor:onchange"))
        {
            radio.Change(true);
        }
        else
        {
            radio.Click();
        }
        Type(dialogs.Find("[data-testid=adjust-amount]"), "30");
        Type(dialogs.Find("[data-testid=adjust-reason]"), "Chargeback fee");
        dialogs.Find("[data-testid=adjust-confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal("R70.00", page.Find("[data-testid=ledger-balance]").TextContent.Trim()));
        Assert.Equal(7_000, await BalanceAsync(customer));
    }

    [Fact]
    public async Task CreditLimit_SavedByAdmin_IsStoredInTheCustomersCurrency()
    {
        var customer = Data.AddCustomer();
        SignInAsAdmin(AddStaff(Roles.Admin));
        var page = Render<CustomerLedgerPage>(p => p.Add(x => x.Id, customer));
        page.WaitForAssertion(() => page.Find("[data-testid=ledger-limit]"));

        Type(page.Find("[data-testid=ledger-limit]"), "500");
        page.Find("[data-testid=ledger-limit-save]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=ledger-limit-saved]"));
        await using var db = Data.Database.CreateDbContext();
        var limit = await db.CreditLimits().AsNoTracking().SingleAsync(l => l.CustomerId == customer);
        Assert.Equal((50_000L, "ZAR"), (limit.Limit.Minor, limit.Limit.Currency.Code));
    }

    [Fact]
    public void Page_RequiresTheStaffPolicy()
    {
        var attribute = Assert.Single(typeof(CustomerLedgerPage).GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>());
        Assert.Equal(Policies.Staff, attribute.Policy);
    }
}
