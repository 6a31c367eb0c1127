using Bunit;
using GameHost.App.Features.Support.Chat;
using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Support.Chat;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace GameHost.Tests.App.Features.Support;

/// <summary>
/// The live chat pages rendered with bUnit over the real chat use cases and a migrated SQLite database: what one side
/// writes appears on the other side's open page without a reload, and a chat that becomes a ticket links to it.
/// </summary>
public sealed class ChatPagesTests : SupportPageContext
{
    public ChatPagesTests()
    {
        AddTicketServices();
        Services.AddSingleton(Data.Get<ChatSignals>());
        Services.AddScoped(_ => Data.Get<ChatDesk>());
        Services.AddScoped(_ => Data.Get<ChatQueries>());
        Render<MudPopoverProvider>();
    }

    private ChatDesk Desk => Data.Get<ChatDesk>();

    private static ChatSend Message(string body) => new(body, Guid.NewGuid().ToString("N"));

    private static async Task TypeAsync<T>(IRenderedComponent<T> page, string text)
        where T : IComponent =>
        await page.Find("input[data-testid=chat-message], [data-testid=chat-message] input").InputAsync(new ChangeEventArgs { Value = text });

    private static IReadOnlyList<string> Lines<T>(IRenderedComponent<T> page)
        where T : IComponent =>
        [.. page.FindAll("[data-testid=chat-line-body]").Select(l => l.TextContent.Trim())];

    [Fact]
    public async Task CustomerChatPage_StartsAChat_AndTheStaffAnswerAppearsLiveWithoutANotification()
    {
        SignIn(Data.CustomerId, "alice@players.test");
        var page = Render<CustomerChatPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chat-send]")));
        Assert.Equal("Start chat", page.Find("[data-testid=chat-send]").TextContent.Trim());

        await TypeAsync(page, "My server is **stuck** on loading");
        await page.Find("[data-testid=chat-send]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(["My server is stuck on loading"], Lines(page)));
        Assert.Contains("<strong>stuck</strong>", page.Find("[data-testid=chat-line-body]").InnerHtml, StringComparison.Ordinal);
        Assert.Equal("Waiting for an agent…", page.Find("[data-testid=chat-status]").TextContent.Trim());
        Assert.Equal("", page.Find("[data-testid=chat-message] input, input[data-testid=chat-message]").GetAttribute("value") ?? "");

        var chat = (await Data.Get<ChatQueries>().CustomerChatAsync(Data.CustomerId, CancellationToken.None))!.Id;
        await Task.Run(() => Desk.SendAsStaffAsync(Data.SupportId, chat, Message("Hi Alice, restarting it now."), CancellationToken.None));

        page.WaitForAssertion(() => Assert.Equal(2, Lines(page).Count));
        Assert.Equal("Hi Alice, restarting it now.", Lines(page)[1]);
        Assert.Equal("Chatting with Sam Support", page.Find("[data-testid=chat-status]").TextContent.Trim());
        await using var db = Data.NewContext();
        Assert.False(await db.Notifications().AnyAsync(n => n.EventCode == NotificationCatalogue.Codes.ChatMessage), "The customer was watching the chat.");
    }

    [Fact]
    public async Task CustomerChatPage_EnterSends_AndAnEmptyMessageIsRefusedAtTheField()
    {
        SignIn(Data.CustomerId, "alice@players.test");
        var page = Render<CustomerChatPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chat-send]")));

        await page.Find("[data-testid=chat-send]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Write a message.", page.Markup, StringComparison.Ordinal));

        await TypeAsync(page, "Hello from the keyboard");
        await page.Find("input[data-testid=chat-message], [data-testid=chat-message] input").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        page.WaitForAssertion(() => Assert.Equal(["Hello from the keyboard"], Lines(page)));
    }

    [Fact]
    public async Task CustomerChatPage_EndChat_ShowsItEnded_AndStaffTurningItIntoATicketLinksTheTicket()
    {
        var sent = await Desk.SendAsCustomerAsync(Data.CustomerId, Message("Can I move my world to another server?"), CancellationToken.None);
        SignIn(Data.CustomerId, "alice@players.test");
        var page = Render<CustomerChatPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chat-end]")));

        await page.Find("[data-testid=chat-end]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chat-ended]")));
        Assert.Empty(page.FindAll("[data-testid=chat-end]"));
        Assert.Equal("Start chat", page.Find("[data-testid=chat-send]").TextContent.Trim());

        var ticket = await Task.Run(() => Desk.TurnIntoTicketAsync(Data.SupportId, sent.Value!.ConversationId, null, CancellationToken.None));

        page.WaitForAssertion(() => Assert.Equal(ticket.Value!.Reference, page.Find("[data-testid=chat-ticket-link]").TextContent.Trim()));
        Assert.Equal($"/cabinet/support/{ticket.Value!.TicketId}", page.Find("[data-testid=chat-ticket-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task StaffChatPage_ANewChatAppearsLive_StaffAnswer_AndTheLineShows()
    {
        SignIn(Data.SupportId, "sam@gamehost.test", Roles.Support);
        var page = Render<StaffChatPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chats-empty]")));

        await Task.Run(() => Desk.SendAsCustomerAsync(Data.CustomerId, Message("Is anyone there?"), CancellationToken.None));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chat-row-waiting]")));
        page.WaitForAssertion(() => Assert.Equal(["Is anyone there?"], Lines(page)));
        Assert.Contains("Alice Doe", page.Find("[data-testid=chat-panel]").TextContent, StringComparison.Ordinal);

        await TypeAsync(page, "Yes! How can I help?");
        await page.Find("[data-testid=chat-send]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(["Is anyone there?", "Yes! How can I help?"], Lines(page)));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=chat-row-waiting]")));
        Assert.Equal("staff", page.FindAll("[data-testid=chat-line]")[1].GetAttribute("data-side"));
    }

    [Fact]
    public async Task StaffChatPage_TurnIntoTicket_ShowsTheTicketAndEndsTheChat()
    {
        var sent = await Desk.SendAsCustomerAsync(Data.CustomerId, Message("Please refund my last invoice"), CancellationToken.None);
        SignIn(Data.SupportId, "sam@gamehost.test", Roles.Support);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/admin/support/chats?chat={sent.Value!.ConversationId:N}");
        var page = Render<StaffChatPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chat-to-ticket]")));

        await page.Find("[data-testid=chat-to-ticket]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chat-ticket]")));
        Assert.Empty(page.FindAll("[data-testid=chat-send]"));
        var chat = await Data.Get<ChatQueries>().ChatAsync(sent.Value.ConversationId, CancellationToken.None);
        Assert.Equal(ChatState.Closed, chat!.State);
        Assert.Contains(chat.TicketReference!, page.Find("[data-testid=chat-ticket]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffChatPage_Take_AssignsTheChatToTheStaffMember()
    {
        var sent = await Desk.SendAsCustomerAsync(Data.CustomerId, Message("Hello?"), CancellationToken.None);
        SignIn(Data.SecondSupportId, "tess@gamehost.test", Roles.Support);
        var page = Render<StaffChatPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chat-take]")));

        await page.Find("[data-testid=chat-take]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=chat-take]")));
        Assert.Equal(Data.SecondSupportId, (await Data.Get<ChatQueries>().ChatAsync(sent.Value!.ConversationId, CancellationToken.None))!.StaffId);
    }

    [Fact]
    public async Task StaffChatPage_WaitingTime_GrowsWithTheClockWithoutAnyChange()
    {
        await Desk.SendAsCustomerAsync(Data.CustomerId, Message("Hello?"), CancellationToken.None);
        SignIn(Data.SupportId, "sam@gamehost.test", Roles.Support);
        var page = Render<StaffChatPage>();
        page.WaitForAssertion(() => Assert.Equal("Waiting 1 min", page.Find("[data-testid=chat-row-waiting]").TextContent.Trim()));

        Data.Time.Advance(TimeSpan.FromMinutes(7));

        page.WaitForAssertion(() => Assert.Equal("Waiting 7 min", page.Find("[data-testid=chat-row-waiting]").TextContent.Trim()));
    }
}
