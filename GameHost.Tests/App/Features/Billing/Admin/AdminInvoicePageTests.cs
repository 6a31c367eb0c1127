using Bunit;
using GameHost.App.Features.Billing.Admin.Invoices;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Invoicing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Tests.Domain.Billing.Invoicing;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.App.Features.Billing.Admin;

/// <summary>Staff's invoice page: lines with tax, the money that moved, credit notes, and the actions of each state.</summary>
public class AdminInvoicePageTests : AdminBillingPageContext
{
    [Fact]
    public async Task AdminInvoicePage_PaidInvoice_ShowsTaxPerLineAndTheSettlementAndIssuesAFullCreditNote()
    {
        var customer = Data.AddCustomer();
        var order = await Data.PaidOrderAsync(customer);
        var page = Render<AdminInvoicePage>(p => p.Add(x => x.Id, order.InvoiceId));
        page.WaitForAssertion(() => Assert.Equal("Invoice INV-000001", page.Find("[data-testid=admin-invoice-number]").TextContent.Trim()));
        Assert.Equal("15%", page.Find("[data-testid=admin-line-rate]").TextContent.Trim());
        Assert.Equal("R24.65", page.Find("[data-testid=admin-line-tax]").TextContent.Trim());
        Assert.Contains(page.FindAll("[data-testid=admin-invoice-movement]"), m => m.GetAttribute("data-kind") == "invoice_paid");
        Assert.NotNull(page.Find("[data-testid=admin-invoice-no-credit-notes]"));
        Assert.Empty(page.FindAll("[data-testid=void-invoice]"));

        Type(page.Find("[data-testid=credit-reason]"), "Server down for three days");
        page.Find("[data-testid=issue-credit-note]").Click();

        page.WaitForAssertion(() => Assert.Contains("CN-000001", page.Find("[data-testid=admin-invoice-message]").TextContent, StringComparison.Ordinal));
        Assert.Single(page.FindAll("[data-testid=admin-credit-note]"));
        Assert.Equal("Credited in full", page.Find("[data-testid=admin-invoice-credited]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=invoice-no-actions]"));
        Assert.Equal(order.GrossTotal, await Data.BalanceAsync(customer));
    }

    [Fact]
    public async Task AdminInvoicePage_PartialAmountAboveTheLine_IsRefusedBeforeAnythingIsIssued()
    {
        var order = await Data.PaidOrderAsync(Data.AddCustomer());
        var page = Render<AdminInvoicePage>(p => p.Add(x => x.Id, order.InvoiceId));
        page.WaitForAssertion(() => page.Find("[data-testid=issue-credit-note]"));

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudRadioGroup<bool>>().Instance.ValueChanged.InvokeAsync(true));
        page.WaitForAssertion(() => page.Find("[data-testid=credit-line-amount]"));
        Type(page.Find("[data-testid=credit-line-amount]"), "200");
        Type(page.Find("[data-testid=credit-reason]"), "Goodwill");
        page.Find("[data-testid=issue-credit-note]").Click();

        page.WaitForAssertion(() => Assert.Contains("R189.00", page.Find("[data-testid=credit-partial-error]").TextContent, StringComparison.Ordinal));
        await using var db = await Data.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.CreditNotes().CountAsync());
    }

    [Fact]
    public async Task AdminInvoicePage_PartialAmount_IssuesANoteForThatLine()
    {
        var customer = Data.AddCustomer();
        var order = await Data.PaidOrderAsync(customer);
        var page = Render<AdminInvoicePage>(p => p.Add(x => x.Id, order.InvoiceId));
        page.WaitForAssertion(() => page.Find("[data-testid=issue-credit-note]"));

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudRadioGroup<bool>>().Instance.ValueChanged.InvokeAsync(true));
        page.WaitForAssertion(() => page.Find("[data-testid=credit-line-amount]"));
        Type(page.Find("[data-testid=credit-line-amount]"), "50");
        Type(page.Find("[data-testid=credit-reason]"), "Two days offline");
        page.Find("[data-testid=issue-credit-note]").Click();

        page.WaitForAssertion(() => Assert.Equal("R50.00 credited", page.Find("[data-testid=admin-invoice-credited]").TextContent.Trim()));
        Assert.Equal(InvoicingTestData.Zar(5000), await Data.BalanceAsync(customer));
        Assert.NotNull(page.Find("[data-testid=issue-credit-note]")); // R 139.00 can still be credited.
    }

    [Fact]
    public async Task AdminInvoicePage_OpenOrderInvoice_VoidWithReasonClosesItAndShowsWhy()
    {
        var order = await Data.OrderAsync(Data.AddCustomer());
        var page = Render<AdminInvoicePage>(p => p.Add(x => x.Id, order.InvoiceId));
        page.WaitForAssertion(() => page.Find("[data-testid=void-invoice]"));
        Assert.Empty(page.FindAll("[data-testid=issue-credit-note]"));

        Type(page.Find("[data-testid=close-reason]"), "Customer ordered twice");
        page.Find("[data-testid=void-invoice]").Click();

        page.WaitForAssertion(() => Assert.Contains("Customer ordered twice", page.Find("[data-testid=admin-invoice-close-reason]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Cancelled", page.Find("[data-testid=invoice-status]").TextContent.Trim());
        await using var db = await Data.Contexts.CreateDbContextAsync();
        Assert.Equal(SubscriptionStatus.Cancelled, (await db.Subscriptions().SingleAsync(s => s.Id == order.SubscriptionId)).Status);
    }

    [Fact]
    public void AdminInvoicePage_UnknownInvoice_SaysNotFound()
    {
        var page = Render<AdminInvoicePage>(p => p.Add(x => x.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => page.Find("[data-testid=admin-invoice-not-found]"));
    }
}
