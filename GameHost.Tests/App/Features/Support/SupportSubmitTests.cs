using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using GameHost.App.Features.Support.Cabinet;
using GameHost.App.Features.Support.Rendering;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.Domain.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Support;

/// <summary>
/// The customer's support forms never swallow a click: a submit either does its work or says why not, what was typed
/// last is what is sent (the fields commit as they are typed in, not when they lose focus), and a second click after
/// the first succeeded does nothing twice. Rendered with bUnit over the real use cases and a migrated SQLite database.
/// </summary>
public sealed class SupportSubmitTests : SupportPageContext
{
    private readonly IRenderedComponent<MudSnackbarProvider> _snackbars;

    public SupportSubmitTests()
    {
        AddTicketServices();
        Services.AddScoped(_ => new CustomerServicesQuery(Data.Get<IDbContextFactory<GameHostDbContext>>(), Data.Time, Options.Create(new ProvisioningQueueOptions())));
        SignIn(Data.CustomerId, "alice@players.test");
        Render<MudPopoverProvider>();
        _snackbars = Render<MudSnackbarProvider>();
    }

    public override async Task InitializeAsync()
    {
        // One active department, so the new-ticket form preselects it and the tests type only what they are about.
        await using var db = Data.Database.NewContext();
        var billing = await db.SupportDepartments().SingleAsync(d => d.Id == Data.BillingId);
        billing.IsActive = false;
        await db.SaveChangesAsync();
    }

    private static async Task TypeAsync<TPage>(IRenderedComponent<TPage> page, string testId, string text, string element = "input")
        where TPage : IComponent =>
        await page.Find($"{element}[data-testid={testId}], [data-testid={testId}] {element}").InputAsync(new ChangeEventArgs { Value = text });

    private async Task<int> TicketCountAsync(Guid customer)
    {
        await using var db = Data.Database.NewContext();
        return await db.Tickets().CountAsync(t => t.CustomerId == customer);
    }

    private IRenderedComponent<NewTicketPage> RenderNewTicket()
    {
        var page = Render<NewTicketPage>();
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=submit-ticket]").HasAttribute("disabled")));
        return page;
    }

    [Fact]
    public async Task NewTicketPage_TypedAndSubmittedWithoutLeavingTheField_OpensTheTicketAndGoesThere()
    {
        var page = RenderNewTicket();

        // Only input events, as when the click on the button comes before the browser's change event.
        await TypeAsync(page, "subject", "Lag spikes at night");
        await TypeAsync(page, "body", "TPS drops to 12 around 20:00.", "textarea");
        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("/cabinet/support/[0-9a-f-]{36}$", navigation.Uri));
        var ticketId = Guid.Parse(navigation.Uri[^36..]);
        var ticket = await Data.TicketAsync(ticketId);
        Assert.Equal("Lag spikes at night", ticket.Subject);
        Assert.Equal("TPS drops to 12 around 20:00.", Assert.Single(await Data.MessagesAsync(ticketId)).Body);
        Assert.Contains(ticket.Reference, page.Find("[data-testid=ticket-opened]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=form-error]"));
    }

    [Fact]
    public async Task NewTicketPage_ClickedAgainAfterTheTicketOpened_OpensNoSecondTicket()
    {
        var page = RenderNewTicket();
        await TypeAsync(page, "subject", "Lag spikes at night");
        await TypeAsync(page, "body", "TPS drops to 12 around 20:00.", "textarea");

        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=ticket-opened]")));
        Assert.True(page.Find("[data-testid=submit-ticket]").HasAttribute("disabled"));
        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());

        Assert.Equal(1, await TicketCountAsync(Data.CustomerId));
    }

    [Fact]
    public async Task NewTicketPage_RefusedForSomethingTheFormHasNoFieldFor_SaysWhyAboveTheButton()
    {
        // An account that no longer exists: the use case refuses with a CustomerId error, a field this form does not show.
        var gone = Guid.NewGuid();
        SignIn(gone, "alice@players.test");
        var page = RenderNewTicket();
        await TypeAsync(page, "subject", "Lag spikes at night");
        await TypeAsync(page, "body", "TPS drops to 12 around 20:00.", "textarea");

        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("The customer does not exist.", page.Find("[data-testid=form-error]").TextContent.Trim()));
        Assert.False(page.Find("[data-testid=submit-ticket]").HasAttribute("disabled"));
        Assert.Equal(0, await TicketCountAsync(gone));
    }

    [Fact]
    public async Task NewTicketPage_RefusedForAFieldsValue_SaysSoAboveTheButtonUntilTheNextSend()
    {
        var page = RenderNewTicket();
        await TypeAsync(page, "body", "TPS drops to 12 around 20:00.", "textarea");

        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Write a subject.", page.Markup, StringComparison.Ordinal));
        Assert.Equal("The ticket was not opened: check the marked fields.", page.Find("[data-testid=form-error]").TextContent.Trim());
        // The subject is filled in now: its own message may go, the form's stays until the form is sent again.
        await TypeAsync(page, "subject", "Lag spikes at night");
        Assert.Equal("The ticket was not opened: check the marked fields.", page.Find("[data-testid=form-error]").TextContent.Trim());
        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=ticket-opened]")));
        Assert.Empty(page.FindAll("[data-testid=form-error]"));
    }

    private static string RequestIdOf<TPage>(IRenderedComponent<TPage> page, string testId)
        where TPage : IComponent =>
        page.Find($"[data-testid={testId}]").GetAttribute("data-request-id") ?? "";

    [Fact]
    public async Task NewTicketPage_SentAgainAfterARefusal_SendsTheSameRequestIdThenANewOneOnceOpen()
    {
        var page = RenderNewTicket();
        var formId = RequestIdOf(page, "submit-ticket");
        Assert.Matches("^[0-9a-f]{32}$", formId);

        await TypeAsync(page, "body", "TPS drops to 12 around 20:00.", "textarea");
        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Write a subject.", page.Markup, StringComparison.Ordinal));
        Assert.Equal(formId, RequestIdOf(page, "submit-ticket"));

        await TypeAsync(page, "subject", "Lag spikes at night");
        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=ticket-opened]")));
        var ticket = await Data.NewContext().Tickets().SingleAsync(t => t.CustomerId == Data.CustomerId);
        Assert.Equal(formId, Assert.Single(await Data.MessagesAsync(ticket.Id)).RequestId);
        var nextId = RequestIdOf(page, "submit-ticket");
        Assert.Matches("^[0-9a-f]{32}$", nextId);
        Assert.NotEqual(formId, nextId);
    }

    [Fact]
    public async Task NewTicketPage_FirstSendingSavedButItsAnswerLost_SendingAgainGoesToThatTicketWithoutError()
    {
        var page = RenderNewTicket();
        // The first click's ticket was saved, but the connection dropped before the page heard back.
        var first = await Data.Desk.OpenAsync(Data.CustomerId,
            new OpenTicketRequest(Data.TechnicalId, "Lag spikes at night", "TPS drops to 12 around 20:00.") { RequestId = RequestIdOf(page, "submit-ticket") },
            CancellationToken.None);

        await TypeAsync(page, "subject", "Lag spikes at night");
        await TypeAsync(page, "body", "TPS drops to 12 around 20:00.", "textarea");
        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith($"/cabinet/support/{first.Value!.TicketId}", navigation.Uri, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=form-error]"));
        Assert.Equal(1, await TicketCountAsync(Data.CustomerId));
    }

    [Fact]
    public async Task NewTicketPage_SameFormInTwoTabsBothSent_OpensOneTicket()
    {
        // A duplicated tab: the same address, with the form's id in it.
        var formId = Guid.NewGuid().ToString("N");
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("request", formId));
        var tabs = new[] { Render<NewTicketPage>(), Render<NewTicketPage>() };
        foreach (var tab in tabs)
        {
            tab.WaitForAssertion(() => Assert.False(tab.Find("[data-testid=submit-ticket]").HasAttribute("disabled")));
            Assert.Equal(formId, RequestIdOf(tab, "submit-ticket"));
            await TypeAsync(tab, "subject", "Lag spikes at night");
            await TypeAsync(tab, "body", "TPS drops to 12 around 20:00.", "textarea");
        }

        foreach (var tab in tabs)
        {
            await tab.Find("[data-testid=submit-ticket]").ClickAsync(new());
            tab.WaitForAssertion(() => Assert.NotNull(tab.Find("[data-testid=ticket-opened]")));
        }

        Assert.Equal(1, await TicketCountAsync(Data.CustomerId));
        Assert.Equal(tabs[0].Find("[data-testid=ticket-opened-link]").GetAttribute("href"), tabs[1].Find("[data-testid=ticket-opened-link]").GetAttribute("href"));
    }

    [Fact]
    public void NewTicketPage_OpenedWithoutAnIdInTheAddress_PutsItsIdThereWithoutNavigating()
    {
        // A navigation would re-render the page and move the focus to its heading while the visitor types: the id is
        // written into the current history entry instead.
        var navigation = Services.GetRequiredService<NavigationManager>();
        var navigations = 0;
        navigation.LocationChanged += (_, _) => navigations++;

        var page = RenderNewTicket();

        page.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["gameHost.replaceAddress"]));
        var address = Assert.IsType<string>(JSInterop.Invocations["gameHost.replaceAddress"].Single().Arguments.Single());
        Assert.Contains("request=" + RequestIdOf(page, "submit-ticket"), address, StringComparison.Ordinal);
        Assert.Equal(0, navigations);
    }

    [Fact]
    public void NewTicketPage_OpenedWithItsIdInTheAddress_KeepsItAndWritesNothing()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var id = Guid.NewGuid().ToString("N");
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("request", id));

        var page = RenderNewTicket();

        Assert.Equal(id, RequestIdOf(page, "submit-ticket"));
        Assert.Empty(JSInterop.Invocations["gameHost.replaceAddress"]);
    }

    [Fact]
    public async Task CustomerTicketPage_ReplySent_NextReplyCarriesANewRequestId()
    {
        var ticketId = await Data.OpenAsync();
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=send-reply]")));
        var formId = RequestIdOf(page, "send-reply");

        await TypeAsync(page, "reply-body", "Here is latest.log", "textarea");
        await page.Find("[data-testid=send-reply]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=message]").Count));
        Assert.Contains(await Data.MessagesAsync(ticketId), m => m.RequestId == formId && m.Body == "Here is latest.log");
        Assert.NotEqual(formId, RequestIdOf(page, "send-reply"));
    }

    [Fact]
    public void NewTicketPage_WhoIsSignedInNotYetKnown_SubmitIsDisabledNotDead()
    {
        // The authentication state has not arrived: the page cannot know whose ticket it would be.
        Auth.SetAuthorizing();

        var page = Render<NewTicketPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=subject]")));
        Assert.True(page.Find("[data-testid=submit-ticket]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task CustomerTicketPage_ReplyTypedAndSentWithoutLeavingTheField_PostsItAndEmptiesTheBox()
    {
        var ticketId = await Data.OpenAsync();
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=send-reply]")));

        await TypeAsync(page, "reply-body", "Here is latest.log", "textarea");
        await page.Find("[data-testid=send-reply]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=message]").Count));
        // Both messages carry the same (fixed) test time, so their order is not the proof: the reply's text is.
        var bodies = (await Data.MessagesAsync(ticketId)).Select(m => m.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Contains("Here is latest.log", bodies);
        Assert.Equal("", page.Find("textarea[data-testid=reply-body], [data-testid=reply-body] textarea").GetAttribute("value") ?? "");
        _snackbars.WaitForAssertion(() => Assert.Contains("Your reply was sent.", _snackbars.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CustomerTicketPage_ReplyToATicketClosedMeanwhile_SaysWhyWhereItStaysVisible()
    {
        var ticketId = await Data.OpenAsync();
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=send-reply]")));

        // Closed behind the page's back (no live signal reaches it), so the reply box is still there to click.
        await using (var db = Data.Database.NewContext())
        {
            var ticket = await db.Tickets().SingleAsync(t => t.Id == ticketId);
            ticket.State = TicketState.Closed;
            await db.SaveChangesAsync();
        }

        await TypeAsync(page, "reply-body", "Still broken", "textarea");
        await page.Find("[data-testid=send-reply]").ClickAsync(new());

        // The reload hides the reply box with its field error; the reason must still be on screen.
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=reopen]")));
        _snackbars.WaitForAssertion(() => Assert.Contains("The ticket is closed: reopen it to write again.", _snackbars.Markup, StringComparison.Ordinal));
        Assert.Single(await Data.MessagesAsync(ticketId));
    }

    [Fact]
    public async Task CustomerTicketPage_CommentTypedThenThumbClicked_RatingKeepsTheComment()
    {
        var ticketId = await Data.OpenAsync();
        await Data.Desk.StaffReplyAsync(Data.SupportId, ticketId, new ReplyRequest("Restarted it.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        var page = Render<CustomerTicketPage>(p => p.Add(x => x.Id, ticketId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=rate-good]")));

        await TypeAsync(page, "rating-comment", "Quick and right");
        await page.Find("[data-testid=rate-good]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=rated]")));
        var reply = (await Data.MessagesAsync(ticketId)).Single(m => m.IsStaff);
        Assert.Equal(ReplyRating.Good, reply.Rating);
        Assert.Equal("Quick and right", reply.RatingComment);
    }
}
