using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using GameHost.App.Features.Support.Admin;
using GameHost.App.Features.Support.Cabinet;
using GameHost.App.Features.Support.Rendering;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Paid;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.Domain.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Support;

/// <summary>Paid support and guest tickets on the ticket pages (the charges port held in memory; billing itself is tested in PaidSupportTests).</summary>
public sealed class PaidSupportPagesTests : SupportPageContext
{
    public PaidSupportPagesTests()
    {
        AddTicketServices();
        SignIn(Data.CustomerId, "alice@players.test");
        Render<MudPopoverProvider>();
    }

    private async Task<Guid> PaidTicketAsync()
    {
        await using (var db = Data.Database.NewContext())
        {
            var technical = await db.SupportDepartments().SingleAsync(d => d.Id == Data.TechnicalId);
            technical.PaidMode = PaidSupportMode.PerTicket;
            technical.PriceMinor = 2500;
            await db.SaveChangesAsync();
        }

        return await Data.OpenAsync("Move my world");
    }

    [Fact]
    public async Task CustomerTicketPage_BalanceShort_ShowsInvoiceThenApprovesOncePaid()
    {
        var ticketId = await PaidTicketAsync();
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.Contains("25.00", page.Find("[data-testid=price-pending]").TextContent, StringComparison.Ordinal));

        await page.Find("[data-testid=price-approve]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("INV-1", page.Find("[data-testid=price-invoice]").TextContent, StringComparison.Ordinal));
        Assert.Null((await Data.TicketAsync(ticketId)).PriceApprovedAtUtc);

        Data.Charges.Balance = 10_000;
        var key = PaidSupport.TicketChargeKey(ticketId);
        Data.Charges.Charges[key] = Data.Charges.Charges[key] with { Paid = true };
        var reopened = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));

        reopened.WaitForAssertion(() => Assert.NotNull(reopened.Find("[data-testid=price-paid]")));
        Assert.NotNull((await Data.TicketAsync(ticketId)).PriceApprovedAtUtc);
    }

    [Fact]
    public async Task CustomerTicketPage_BalanceCovers_ApproveShowsPaid()
    {
        Data.Charges.Balance = 10_000;
        var ticketId = await PaidTicketAsync();
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => page.Find("[data-testid=price-approve]"));

        await page.Find("[data-testid=price-approve]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=price-paid]")));
        Assert.Equal(7_500, Data.Charges.Balance);
    }

    [Fact]
    public async Task StaffTicketPage_GuestTicket_ShowsGuestHintAndNoPricePanel()
    {
        SignIn(Data.SupportId, "sam@gamehost.test");
        var opened = await Data.Desk.GuestMailAsync(
            new GuestMail("g1@elsewhere.test", "gary@elsewhere.test", "Gary Guest", "Rust?", "Rust?", "Do you host Rust?", [], ["tech@gamehost.test"], null, []), CancellationToken.None);

        var page = Render<StaffTicketPage>(p => p.Add(x => x.Id, opened.Value!.TicketId));

        page.WaitForAssertion(() => Assert.Contains("gary@elsewhere.test has no account", page.Find("[data-testid=ticket-guest]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=staff-price]"));
        var queue = Render<SupportQueuePage>();
        queue.WaitForAssertion(() => Assert.Single(queue.FindAll("[data-testid=queue-guest]")));
    }
}
