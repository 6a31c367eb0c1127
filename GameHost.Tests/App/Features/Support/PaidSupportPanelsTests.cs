using Bunit;
using GameHost.App.Features.Support.Admin;
using GameHost.App.Features.Support.Cabinet;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Paid;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace GameHost.Tests.App.Features.Support;

/// <summary>The paid-support panels: buying incident packs, staff pricing a ticket, and the customer declining a price.</summary>
public sealed class PaidSupportPanelsTests : SupportPageContext
{
    public PaidSupportPanelsTests()
    {
        AddTicketServices();
        UseCulture("en-US");
        SignIn(Data.CustomerId, "alice@players.test");
        Render<MudPopoverProvider>();
    }

    private async Task<Guid> PerTicketAsync(long price = 2500)
    {
        await using (var db = Data.Database.NewContext())
        {
            var technical = await db.SupportDepartments().SingleAsync(d => d.Id == Data.TechnicalId);
            technical.PaidMode = PaidSupportMode.PerTicket;
            technical.PriceMinor = price;
            await db.SaveChangesAsync();
        }

        return await Data.OpenAsync("Move my world");
    }

    private async Task SellPacksAsync()
    {
        await using var db = Data.Database.NewContext();
        var billing = await db.SupportDepartments().SingleAsync(d => d.Id == Data.BillingId);
        billing.PaidMode = PaidSupportMode.IncidentPack;
        billing.PriceMinor = 5000;
        billing.IncidentsPerPack = 5;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task IncidentPacksPanel_BalanceCovers_BuysAPackAndShowsTheIncidents()
    {
        await SellPacksAsync();
        Data.Charges.Balance = 10_000;
        var panel = Render<IncidentPacksPanel>();
        panel.WaitForAssertion(() => Assert.Equal("0 incidents left", panel.Find("[data-testid=pack-remaining]").TextContent.Trim()));
        Assert.Contains("Buy 5 for", panel.Find("[data-testid=pack-buy]").TextContent, StringComparison.Ordinal);

        await panel.Find("[data-testid=pack-buy]").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Equal("5 incidents left", panel.Find("[data-testid=pack-remaining]").TextContent.Trim()));
        Assert.Equal(5_000, Data.Charges.Balance);
        Assert.Empty(panel.FindAll("[data-testid=pack-error]"));
    }

    [Fact]
    public async Task IncidentPacksPanel_BalanceShort_NamesTheInvoiceToPay()
    {
        await SellPacksAsync();
        var panel = Render<IncidentPacksPanel>();
        panel.WaitForAssertion(() => panel.Find("[data-testid=pack-buy]"));

        await panel.Find("[data-testid=pack-buy]").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Contains("INV-1", panel.Find("[data-testid=pack-invoice]").TextContent, StringComparison.Ordinal));
        Assert.Equal("0 incidents left", panel.Find("[data-testid=pack-remaining]").TextContent.Trim());
    }

    [Fact]
    public void IncidentPacksPanel_NoDepartmentSellsPacks_RendersNothing()
    {
        var panel = Render<IncidentPacksPanel>();

        Assert.Empty(panel.FindAll("[data-testid=incident-packs]"));
    }

    private async Task<IRenderedComponent<StaffPricePanel>> StaffPanelAsync(Guid ticketId)
    {
        var view = await Data.Get<TicketQueries>().TicketAsync(Data.SupportId, ticketId, CancellationToken.None);
        return Render<StaffPricePanel>(p => p.Add(x => x.Ticket, view!).Add(x => x.OnChanged, EventCallback.Empty));
    }

    [Fact]
    public async Task StaffPricePanel_SetsANewPrice_CustomerAskedToApproveIt()
    {
        SignIn(Data.SupportId, "sam@gamehost.test");
        var ticketId = await PerTicketAsync();
        var panel = await StaffPanelAsync(ticketId);
        Assert.Contains("25.00", panel.Find("[data-testid=staff-price-state]").TextContent, StringComparison.Ordinal);

        panel.Find("[data-testid=staff-price-amount] input, input[data-testid=staff-price-amount]").Change("40");
        await panel.Find("[data-testid=staff-price-save]").ClickAsync(new());

        // The click's task completes when the panel's handler has saved.
        Assert.Equal(4000, (await Data.TicketAsync(ticketId)).PriceMinor);
    }

    [Fact]
    public async Task StaffPricePanel_BilledPrice_ShowsItAndOffersNoEditing()
    {
        SignIn(Data.SupportId, "sam@gamehost.test");
        Data.Charges.Balance = 10_000;
        var ticketId = await PerTicketAsync();
        Assert.True((await Data.Get<PaidSupport>().ApproveChargeAsync(Data.CustomerId, ticketId, CancellationToken.None)).IsSuccess);

        var panel = await StaffPanelAsync(ticketId);

        Assert.Contains("Paid", panel.Find("[data-testid=staff-price-state]").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=staff-price-save]"));
    }

    [Fact]
    public async Task CustomerDeclinesThePrice_TicketStaysOpenAndStaffSeeItDeclined()
    {
        var ticketId = await PerTicketAsync();
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => page.Find("[data-testid=price-decline]"));

        await page.Find("[data-testid=price-decline]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=price-declined]")));
        Assert.Empty(page.FindAll("[data-testid=price-decline]"));
        var ticket = await Data.TicketAsync(ticketId);
        Assert.NotNull(ticket.PriceDeclinedAtUtc);
        Assert.NotEqual(TicketState.Closed, ticket.State);
        Assert.Empty(Data.Charges.Charges);

        SignIn(Data.SupportId, "sam@gamehost.test");
        var panel = await StaffPanelAsync(ticketId);
        Assert.Contains("declined by the customer", panel.Find("[data-testid=staff-price-state]").TextContent, StringComparison.Ordinal);
    }
}
