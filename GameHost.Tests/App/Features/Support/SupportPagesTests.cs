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
public sealed class SupportPagesTests : BunitContext, IAsyncLifetime
{
    private readonly SupportTestData _data = new();
    private readonly BunitAuthorizationContext _auth;
    private readonly IRenderedComponent<MudPopoverProvider> _popover;

    public SupportPagesTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton(new MessageRenderer());
        Services.AddSingleton(_data.Get<TicketSignals>());
        Services.AddSingleton(_data.Get<IOptions<SupportOptions>>());
        Services.AddSingleton(_data.Get<TimeProvider>());
        Services.AddScoped(_ => _data.Get<TicketQueries>());
        Services.AddScoped(_ => _data.Get<TicketDesk>());
        Services.AddScoped(_ => _data.Get<TicketActions>());
        Services.AddScoped(_ => _data.Get<CannedReplies>());
        Services.AddScoped(_ => _data.Get<GameHost.Domain.Support.Paid.PaidSupport>());
        _auth = AddAuthorization();
        SignIn(_data.CustomerId, "alice@players.test");
        _popover = Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _data.Dispose();
    }

    private void SignIn(Guid id, string email)
    {
        _auth.SetAuthorized(email);
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, id.ToString()));
    }

    [Fact]
    public async Task CustomerTicketPage_StaffRepliesElsewhere_ReplyAppearsLiveAndCanBeRated()
    {
        var ticketId = await _data.OpenAsync("Server will not start", "It **crashes** on boot.");
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=message]")));
        Assert.Contains("<strong>crashes</strong>", page.Find("[data-testid=message-body]").InnerHtml, StringComparison.Ordinal);
        Assert.Equal("Open", page.Find("[data-testid=ticket-status]").TextContent.Trim());

        await Task.Run(() => _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Please send the `latest.log`."), CancellationToken.None));
        await Task.Run(() => _data.Desk.AddNoteAsync(_data.SupportId, ticketId, new ReplyRequest("Secret: node 7 is flaky"), CancellationToken.None));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=message]").Count));
        Assert.DoesNotContain("node 7", page.Markup, StringComparison.Ordinal);
        Assert.Equal("Awaiting your reply", page.Find("[data-testid=ticket-status]").TextContent.Trim());

        await page.Find("[data-testid=rate-good]").ClickAsync(new());

        var rated = (await _data.MessagesAsync(ticketId)).Single(m => m.IsStaff && m.Kind == MessageKind.Reply);
        Assert.Equal(ReplyRating.Good, rated.Rating);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=rated]")));
    }

    [Fact]
    public async Task CustomerTicketPage_AnotherCustomersTicket_ShowsNotFound()
    {
        var ticketId = await _data.OpenAsync(customer: _data.OtherCustomerId);

        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=ticket-missing]")));
        Assert.Empty(page.FindAll("[data-testid=message]"));
    }

    [Fact]
    public async Task CustomerTicketPage_CloseThenReopen_ButtonsFollowTheState()
    {
        var ticketId = await _data.OpenAsync();
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=close]")));

        await page.Find("[data-testid=close]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=reopen]")));
        Assert.Empty(page.FindAll("[data-testid=reply-body]"));
        Assert.Equal(TicketState.Closed, (await _data.TicketAsync(ticketId)).State);

        await page.Find("[data-testid=reopen]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=close]")));
        Assert.Equal(TicketState.New, (await _data.TicketAsync(ticketId)).State);
    }

    [Fact]
    public async Task MyTicketsPage_ListsOnlyOwnTickets_AndANewOneAppearsLive()
    {
        await _data.OpenAsync("Mine");
        await _data.OpenAsync("Theirs", customer: _data.OtherCustomerId);
        var page = Render<MyTicketsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=ticket-link]")));

        await Task.Run(() => _data.OpenAsync("Second of mine"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=ticket-link]").Count));
        Assert.DoesNotContain("Theirs", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffTicketPage_CustomerRepliesElsewhere_AppearsLive_NotesShown_CannedReplyInserted()
    {
        SignIn(_data.SupportId, "sam@gamehost.test");
        var serviceId = Guid.NewGuid();
        _data.Services.Services[(_data.CustomerId, serviceId)] = "Survival SMP";
        var opened = await _data.Desk.OpenAsync(_data.CustomerId, new OpenTicketRequest(_data.TechnicalId, "Lag", "Lag spikes", ServiceId: serviceId), CancellationToken.None);
        var ticketId = opened.Value!.TicketId;
        await _data.Desk.AddNoteAsync(_data.SupportId, ticketId, new ReplyRequest("Checked the node"), CancellationToken.None);
        await _data.Get<CannedReplies>().SaveAsync(_data.AdminId, null, new CannedReplyForm("Restart", "Hi {{customer_name}}, I restarted {{service}}.", CannedReplyScope.Global, null), CancellationToken.None);
        var page = Render<StaffTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=message]").Count));
        Assert.Single(page.FindAll("[data-testid=message][data-kind=note]"));

        await Task.Run(() => _data.Desk.CustomerReplyAsync(_data.CustomerId, ticketId, new ReplyRequest("Still lagging"), CancellationToken.None));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=message]").Count));

        await page.Find("[data-testid=canned-menu] button").ClickAsync(new());
        _popover.WaitForAssertion(() => Assert.NotEmpty(_popover.FindAll("[data-testid=canned-item]")));
        await _popover.Find("[data-testid=canned-item]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Hi Alice Doe, I restarted Survival SMP.", page.Find("textarea[data-testid=staff-reply-body], [data-testid=staff-reply-body] textarea").GetAttribute("value") ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SupportQueuePage_ShowsOpenTickets_AndANewTicketAppearsLive()
    {
        SignIn(_data.SupportId, "sam@gamehost.test");
        await _data.OpenAsync("First");
        var page = Render<SupportQueuePage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=queue-link]")));

        await Task.Run(() => _data.OpenAsync("Second", customer: _data.OtherCustomerId));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=queue-link]").Count));
        Assert.Contains("bruno@players.test", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SupportQueuePage_MoreTicketsThanTheCap_ShowsAtLeastCountAndOneMorePage()
    {
        SignIn(_data.SupportId, "sam@gamehost.test");
        await using (var db = _data.Database.NewContext())
        {
            for (var i = 0; i < TicketQueries.QueueCountCap + 1; i++)
            {
                GameHost.Domain.Support.Persistence.SupportSets.Tickets(db).Add(new Ticket
                {
                    Id = Guid.NewGuid(), Reference = $"T-B{i:X5}", CustomerId = _data.CustomerId, DepartmentId = _data.TechnicalId,
                    Subject = $"Bulk {i}", CreatedAtUtc = _data.NowUtc.AddMinutes(-i), UpdatedAtUtc = _data.NowUtc.AddMinutes(-i), SearchText = $"bulk {i}",
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
