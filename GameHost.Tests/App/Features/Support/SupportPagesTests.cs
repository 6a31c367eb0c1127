using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using GameHost.App.Features.Support.Admin;
using GameHost.App.Features.Support.Cabinet;
using GameHost.App.Features.Support.Rendering;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.Domain.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Support;

/// <summary>
/// The support pages rendered with bUnit over the real use cases and a migrated SQLite database: what one side writes
/// reaches the other side's open page through the ticket signals, without a reload.
/// </summary>
public sealed class SupportPagesTests : SupportPageContext
{
    private readonly IRenderedComponent<MudPopoverProvider> _popover;

    public SupportPagesTests()
    {
        AddTicketServices();
        SignIn(Data.CustomerId, "alice@players.test");
        _popover = Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task CustomerTicketPage_StaffRepliesElsewhere_ReplyAppearsLiveAndCanBeRated()
    {
        var ticketId = await Data.OpenAsync("Server will not start", "It **crashes** on boot.");
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=message]")));
        Assert.Contains("<strong>crashes</strong>", page.Find("[data-testid=message-body]").InnerHtml, StringComparison.Ordinal);
        Assert.Equal("Open", page.Find("[data-testid=ticket-status]").TextContent.Trim());

        await Task.Run(() => Data.Desk.StaffReplyAsync(Data.SupportId, ticketId, new ReplyRequest("Please send the `latest.log`.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None));
        await Task.Run(() => Data.Desk.AddNoteAsync(Data.SupportId, ticketId, new ReplyRequest("Secret: node 7 is flaky") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=message]").Count));
        Assert.DoesNotContain("node 7", page.Markup, StringComparison.Ordinal);
        Assert.Equal("Awaiting your reply", page.Find("[data-testid=ticket-status]").TextContent.Trim());

        await page.Find("[data-testid=rate-good]").ClickAsync(new());

        var rated = (await Data.MessagesAsync(ticketId)).Single(m => m.IsStaff && m.Kind == MessageKind.Reply);
        Assert.Equal(ReplyRating.Good, rated.Rating);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=rated]")));
    }

    [Fact]
    public async Task CustomerTicketPage_AnotherCustomersTicket_ShowsNotFound()
    {
        var ticketId = await Data.OpenAsync(customer: Data.OtherCustomerId);

        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=ticket-missing]")));
        Assert.Empty(page.FindAll("[data-testid=message]"));
    }

    [Fact]
    public async Task CustomerTicketPage_CloseThenReopen_ButtonsFollowTheState()
    {
        var ticketId = await Data.OpenAsync();
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=close]")));

        await page.Find("[data-testid=close]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=reopen]")));
        Assert.Empty(page.FindAll("[data-testid=reply-body]"));
        Assert.Equal(TicketState.Closed, (await Data.TicketAsync(ticketId)).State);

        await page.Find("[data-testid=reopen]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=close]")));
        Assert.Equal(TicketState.New, (await Data.TicketAsync(ticketId)).State);
    }

    [Fact]
    public async Task MyTicketsPage_ListsOnlyOwnTickets_AndANewOneAppearsLive()
    {
        await Data.OpenAsync("Mine");
        await Data.OpenAsync("Theirs", customer: Data.OtherCustomerId);
        var page = Render<MyTicketsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=ticket-link]")));

        await Task.Run(() => Data.OpenAsync("Second of mine"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=ticket-link]").Count));
        Assert.DoesNotContain("Theirs", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffTicketPage_CustomerRepliesElsewhere_AppearsLive_NotesShown_CannedReplyInserted()
    {
        SignIn(Data.SupportId, "sam@gamehost.test");
        var serviceId = Guid.NewGuid();
        Data.Services.Services[(Data.CustomerId, serviceId)] = "Survival SMP";
        var opened = await Data.Desk.OpenAsync(Data.CustomerId, new OpenTicketRequest(Data.TechnicalId, "Lag", "Lag spikes", ServiceId: serviceId) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        var ticketId = opened.Value!.TicketId;
        await Data.Desk.AddNoteAsync(Data.SupportId, ticketId, new ReplyRequest("Checked the node") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        await Data.Get<CannedReplies>().SaveAsync(Data.AdminId, null, new CannedReplyForm("Restart", "Hi {{customer_name}}, I restarted {{service}}.", CannedReplyScope.Global, null), CancellationToken.None);
        var page = Render<StaffTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=message]").Count));
        Assert.Single(page.FindAll("[data-testid=message][data-kind=note]"));

        await Task.Run(() => Data.Desk.CustomerReplyAsync(Data.CustomerId, ticketId, new ReplyRequest("Still lagging") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=message]").Count));

        await page.Find("[data-testid=canned-menu] button").ClickAsync(new());
        _popover.WaitForAssertion(() => Assert.NotEmpty(_popover.FindAll("[data-testid=canned-item]")));
        await _popover.Find("[data-testid=canned-item]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Hi Alice Doe, I restarted Survival SMP.", page.Find("textarea[data-testid=staff-reply-body], [data-testid=staff-reply-body] textarea").GetAttribute("value") ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SupportQueuePage_ShowsOpenTickets_AndANewTicketAppearsLive()
    {
        SignIn(Data.SupportId, "sam@gamehost.test");
        await Data.OpenAsync("First");
        var page = Render<SupportQueuePage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=queue-link]")));

        await Task.Run(() => Data.OpenAsync("Second", customer: Data.OtherCustomerId));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=queue-link]").Count));
        Assert.Contains("bruno@players.test", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SupportQueuePage_MoreTicketsThanTheCap_ShowsAtLeastCountAndOneMorePage()
    {
        SignIn(Data.SupportId, "sam@gamehost.test");
        await using (var db = Data.Database.NewContext())
        {
            for (var i = 0; i < TicketQueries.QueueCountCap + 1; i++)
            {
                GameHost.Domain.Support.Persistence.SupportSets.Tickets(db).Add(new Ticket
                {
                    Id = Guid.NewGuid(), Reference = $"T-B{i:X5}", CustomerId = Data.CustomerId, DepartmentId = Data.TechnicalId,
                    Subject = $"Bulk {i}", CreatedAtUtc = Data.NowUtc.AddMinutes(-i), UpdatedAtUtc = Data.NowUtc.AddMinutes(-i), SearchText = $"bulk {i}",
                });
            }

            await db.SaveChangesAsync();
        }

        var page = Render<SupportQueuePage>();

        page.WaitForAssertion(() => Assert.Matches(@"^(1\D?000\+ tickets|Más de 1\D?000 tickets)$", page.Find("[data-testid=queue-count]").TextContent.Trim()));
        var pages = (TicketQueries.QueueCountCap / TicketQueries.QueuePageSize) + 1;
        Assert.Contains(page.FindAll(".mud-pagination-item button"), b => b.TextContent.Trim() == pages.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
