using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Chat;
using GameHost.Domain.Support.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Tests.Domain.Support.Chat;

/// <summary>
/// Live chat over the real support store: who is told of what (and only once per turn), messages written once per
/// message box id, chats that end, and chats that become tickets so a question is never lost.
/// </summary>
public sealed class ChatDeskTests : IDisposable
{
    private readonly SupportTestData _data = new();

    public void Dispose() => _data.Dispose();

    private ChatDesk Desk => _data.Get<ChatDesk>();

    private ChatSignals Signals => _data.Get<ChatSignals>();

    private static ChatSend Message(string body, Guid department = default) => new(body, Guid.NewGuid().ToString("N"), department);

    private async Task<ChatSent> CustomerSaysAsync(string body, Guid? customer = null)
    {
        var result = await Desk.SendAsCustomerAsync(customer ?? _data.CustomerId, Message(body), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!;
    }

    private async Task<ChatSent> StaffSaysAsync(Guid conversationId, string body, Guid? staff = null)
    {
        var result = await Desk.SendAsStaffAsync(staff ?? _data.SupportId, conversationId, Message(body), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!;
    }

    private async Task<List<(string Event, Guid User)>> NotificationsAsync(string eventCode)
    {
        await using var db = _data.NewContext();
        var rows = await db.Notifications().Where(n => n.EventCode == eventCode).Select(n => new { n.EventCode, n.UserId }).ToListAsync();
        return [.. rows.Select(r => (r.EventCode, r.UserId))];
    }

    private async Task<ChatConversation> ConversationAsync(Guid id)
    {
        await using var db = _data.NewContext();
        return await db.ChatConversations().AsNoTracking().Include(c => c.Lines).SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task SendAsCustomer_FirstMessage_StartsAWaitingChatInTheFirstDepartmentAndTellsEverySupportMember()
    {
        var sent = await CustomerSaysAsync("  My server lags every evening  ");

        var chat = await ConversationAsync(sent.ConversationId);
        Assert.Equal(ChatState.Waiting, chat.State);
        Assert.Equal(_data.TechnicalId, chat.DepartmentId);
        Assert.True(chat.AwaitsStaff);
        var line = Assert.Single(chat.Lines);
        Assert.Equal("My server lags every evening", line.Body);
        Assert.Equal("Alice Doe", line.AuthorName);
        Assert.False(line.IsStaff);
        var told = await NotificationsAsync(NotificationCatalogue.Codes.ChatWaitingStaff);
        Assert.Equal(
            new[] { _data.AdminId, _data.SupportId, _data.SecondSupportId }.Order(),
            told.Select(t => t.User).Order());
    }

    [Fact]
    public async Task SendAsCustomer_ChosenDepartment_IsKept_AndAnUnknownOneIsRefused()
    {
        var billing = await Desk.SendAsCustomerAsync(_data.CustomerId, Message("Invoice question", _data.BillingId), CancellationToken.None);
        var unknown = await Desk.SendAsCustomerAsync(_data.OtherCustomerId, Message("Hello", Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(_data.BillingId, (await ConversationAsync(billing.Value!.ConversationId)).DepartmentId);
        Assert.Equal(SupportErrors.DepartmentUnknown, unknown.Error?.Code);
        await using var db = _data.NewContext();
        Assert.False(await db.ChatConversations().AnyAsync(c => c.CustomerId == _data.OtherCustomerId));
    }

    [Fact]
    public async Task SendAsCustomer_FurtherMessagesWhileWaiting_GoToTheSameChatAndTellNobodyAgain()
    {
        var first = await CustomerSaysAsync("Hello?");
        var second = await CustomerSaysAsync("Anyone there?");

        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Equal(2, (await ConversationAsync(first.ConversationId)).Lines.Count);
        Assert.Equal(3, (await NotificationsAsync(NotificationCatalogue.Codes.ChatWaitingStaff)).Count);
    }

    [Fact]
    public async Task SendAsCustomer_SameMessageIdTwice_WritesOneLine()
    {
        var message = Message("Hello?");

        var first = await Desk.SendAsCustomerAsync(_data.CustomerId, message, CancellationToken.None);
        var again = await Desk.SendAsCustomerAsync(_data.CustomerId, message, CancellationToken.None);

        Assert.Equal(first.Value, again.Value);
        Assert.Single((await ConversationAsync(first.Value!.ConversationId)).Lines);
    }

    [Fact]
    public async Task SendAsCustomer_SomeoneElsesMessageId_IsRefused()
    {
        var message = Message("Hello?");
        await Desk.SendAsCustomerAsync(_data.CustomerId, message, CancellationToken.None);

        var result = await Desk.SendAsCustomerAsync(_data.OtherCustomerId, message, CancellationToken.None);

        Assert.Equal(SupportErrors.RequestIdInvalid, result.Error?.Code);
        await using var db = _data.NewContext();
        Assert.False(await db.ChatConversations().AnyAsync(c => c.CustomerId == _data.OtherCustomerId));
    }

    [Theory]
    [InlineData("   ", SupportErrors.BodyRequired)]
    [InlineData(null, SupportErrors.ChatMessageTooLong)]
    public async Task SendAsCustomer_EmptyOrTooLong_IsRefusedAtTheFieldAndNothingIsSaved(string? body, string code)
    {
        var result = await Desk.SendAsCustomerAsync(_data.CustomerId, Message(body ?? new string('x', ChatLine.MaxBodyLength + 1)), CancellationToken.None);

        Assert.Equal(code, result.Error?.Code);
        Assert.Equal("Body", result.Error?.Field);
        await using var db = _data.NewContext();
        Assert.False(await db.ChatConversations().AnyAsync());
        Assert.False(await db.ChatLines().AnyAsync());
    }

    [Fact]
    public async Task SendAsCustomer_WithoutMessageId_IsRefused()
    {
        var result = await Desk.SendAsCustomerAsync(_data.CustomerId, new ChatSend("Hello?", " "), CancellationToken.None);

        Assert.Equal(SupportErrors.RequestIdMissing, result.Error?.Code);
    }

    [Fact]
    public async Task SendAsStaff_FirstAnswer_MakesTheChatActiveWithThatStaffMember()
    {
        var chat = (await CustomerSaysAsync("Hello?")).ConversationId;
        _data.Time.Advance(TimeSpan.FromMinutes(2));

        await StaffSaysAsync(chat, "Hi Alice, how can I help?");

        var conversation = await ConversationAsync(chat);
        Assert.Equal(ChatState.Active, conversation.State);
        Assert.Equal(_data.SupportId, conversation.StaffId);
        Assert.Equal(_data.NowUtc, conversation.AnsweredAtUtc);
        Assert.False(conversation.AwaitsStaff);
        Assert.Contains(conversation.Lines, l => l.IsStaff && l.AuthorName == "Sam Support");
    }

    [Fact]
    public async Task SendAsStaff_CustomerAway_NotifiesOncePerCustomerTurn()
    {
        var chat = (await CustomerSaysAsync("Hello?")).ConversationId;

        await StaffSaysAsync(chat, "Hi!");
        await StaffSaysAsync(chat, "Are you still there?");
        Assert.Single(await NotificationsAsync(NotificationCatalogue.Codes.ChatMessage));

        await CustomerSaysAsync("Yes, sorry");
        await StaffSaysAsync(chat, "Great, restart the server please.");

        var told = await NotificationsAsync(NotificationCatalogue.Codes.ChatMessage);
        Assert.Equal(2, told.Count);
        Assert.All(told, t => Assert.Equal(_data.CustomerId, t.User));
    }

    [Fact]
    public async Task SendAsStaff_CustomerWatchingTheChatPage_SendsNoNotification()
    {
        var chat = (await CustomerSaysAsync("Hello?")).ConversationId;
        using var page = Signals.SubscribeCustomer(_data.CustomerId, () => { });

        await StaffSaysAsync(chat, "Hi!");

        Assert.Empty(await NotificationsAsync(NotificationCatalogue.Codes.ChatMessage));
    }

    [Fact]
    public async Task SendAsCustomer_NewTurnInAnActiveChat_TellsTheStaffMemberChattingOnlyWhenNoConsoleIsOpen()
    {
        var chat = (await CustomerSaysAsync("Hello?")).ConversationId;
        await StaffSaysAsync(chat, "Hi!");
        using (Signals.SubscribeStaff(() => { }))
        {
            await CustomerSaysAsync("Watched turn");
        }

        await StaffSaysAsync(chat, "Next question?");
        await CustomerSaysAsync("Unwatched turn");
        await CustomerSaysAsync("Same turn, second line");

        var told = (await NotificationsAsync(NotificationCatalogue.Codes.ChatWaitingStaff)).Where(t => t.User == _data.SupportId).ToList();
        Assert.Equal(2, told.Count); // the start of the chat, and the one unwatched turn
    }

    [Fact]
    public async Task SendAsStaff_ByACustomer_IsRefused()
    {
        var chat = (await CustomerSaysAsync("Hello?")).ConversationId;

        var result = await Desk.SendAsStaffAsync(_data.OtherCustomerId, chat, Message("I am staff, honest"), CancellationToken.None);

        Assert.Equal(SupportErrors.NotStaff, result.Error?.Code);
        Assert.Single((await ConversationAsync(chat)).Lines);
    }

    [Fact]
    public async Task EndAsCustomer_ThenWriteAgain_StartsANewChat_AndStaffCannotWriteInTheEndedOne()
    {
        var first = (await CustomerSaysAsync("Hello?")).ConversationId;

        Assert.True((await Desk.EndAsCustomerAsync(_data.CustomerId, first, CancellationToken.None)).IsSuccess);
        Assert.True((await Desk.EndAsCustomerAsync(_data.CustomerId, first, CancellationToken.None)).IsSuccess);
        var late = await Desk.SendAsStaffAsync(_data.SupportId, first, Message("Sorry for the wait"), CancellationToken.None);
        var second = (await CustomerSaysAsync("Me again")).ConversationId;

        var ended = await ConversationAsync(first);
        Assert.Equal(ChatState.Closed, ended.State);
        Assert.Equal(ChatEndedBy.Customer, ended.EndedBy);
        Assert.Equal(SupportErrors.ChatEnded, late.Error?.Code);
        Assert.NotEqual(first, second);
        Assert.Equal(ChatState.Waiting, (await ConversationAsync(second)).State);
    }

    [Fact]
    public async Task EndAsCustomer_AnotherCustomersChat_IsNotFound()
    {
        var chat = (await CustomerSaysAsync("Hello?")).ConversationId;

        var result = await Desk.EndAsCustomerAsync(_data.OtherCustomerId, chat, CancellationToken.None);

        Assert.Equal(SupportErrors.NotFound, result.Error?.Code);
        Assert.Equal(ChatState.Waiting, (await ConversationAsync(chat)).State);
    }

    [Fact]
    public async Task Take_AssignsTheChatWithoutAMessage_AndIsAudited()
    {
        var chat = (await CustomerSaysAsync("Hello?")).ConversationId;

        Assert.True((await Desk.TakeAsync(_data.SecondSupportId, chat, CancellationToken.None)).IsSuccess);

        var conversation = await ConversationAsync(chat);
        Assert.Equal(_data.SecondSupportId, conversation.StaffId);
        Assert.Equal(ChatState.Active, conversation.State);
        Assert.True(conversation.AwaitsStaff);
        await using var db = _data.NewContext();
        Assert.True(await db.Set<GameHost.Domain.Audit.AuditEntry>().AnyAsync(a => a.Action == "support.chat_taken"));
    }

    [Fact]
    public async Task TurnIntoTicket_OpensOneTicketWithTheTranscript_AndEndsTheChat()
    {
        var chat = (await CustomerSaysAsync("My world will not load\nIt says the region file is corrupt.")).ConversationId;
        await StaffSaysAsync(chat, "Let me check the backups.");

        var first = await Desk.TurnIntoTicketAsync(_data.SupportId, chat, null, CancellationToken.None);
        var again = await Desk.TurnIntoTicketAsync(_data.SupportId, chat, null, CancellationToken.None);

        Assert.True(first.IsSuccess, first.Error?.Code);
        Assert.Equal(first.Value, again.Value);
        var ticket = await _data.TicketAsync(first.Value!.TicketId);
        Assert.Equal("My world will not load", ticket.Subject);
        Assert.Equal(_data.CustomerId, ticket.CustomerId);
        Assert.Equal(_data.TechnicalId, ticket.DepartmentId);
        var body = Assert.Single(await _data.MessagesAsync(ticket.Id)).Body;
        Assert.Contains("**Alice Doe**", body, StringComparison.Ordinal);
        Assert.Contains("region file is corrupt", body, StringComparison.Ordinal);
        Assert.Contains("Let me check the backups.", body, StringComparison.Ordinal);
        var conversation = await ConversationAsync(chat);
        Assert.Equal(ChatState.Closed, conversation.State);
        Assert.Equal(ticket.Id, conversation.TicketId);
        await using var db = _data.NewContext();
        Assert.Equal(1, await db.Tickets().CountAsync());
    }

    [Fact]
    public async Task IdleSweep_UnansweredQuestionBecomesATicket_AnsweredChatJustEnds_RecentChatStays()
    {
        var unanswered = (await CustomerSaysAsync("Can I change my server's location?")).ConversationId;
        var answered = (await CustomerSaysAsync("Thanks!", _data.OtherCustomerId)).ConversationId;
        await StaffSaysAsync(answered, "You're welcome.");
        _data.Time.Advance(TimeSpan.FromMinutes(31));
        var recent = (await CustomerSaysAsync("Just arrived", await NewCustomerAsync())).ConversationId;
        var sweep = _data.Get<ChatIdleSweep>();

        var result = await sweep.RunAsync(CancellationToken.None);
        var again = await sweep.RunAsync(CancellationToken.None);

        Assert.Equal(new ChatSweepResult(2, 1), result);
        Assert.Equal(new ChatSweepResult(0, 0), again);
        var closed = await ConversationAsync(unanswered);
        Assert.Equal(ChatEndedBy.Idle, closed.EndedBy);
        var ticket = await _data.TicketAsync(closed.TicketId!.Value);
        Assert.Equal("Can I change my server's location?", ticket.Subject);
        Assert.False(Assert.Single(await _data.MessagesAsync(ticket.Id)).IsStaff);
        Assert.Null((await ConversationAsync(answered)).TicketId);
        Assert.Equal(ChatState.Closed, (await ConversationAsync(answered)).State);
        Assert.Equal(ChatState.Waiting, (await ConversationAsync(recent)).State);
    }

    [Fact]
    public async Task IdleSweep_ChatsDepartmentClosedMeanwhile_TicketGoesToAnOpenDepartment()
    {
        var chat = (await CustomerSaysAsync("Refund please", null)).ConversationId;
        await using (var db = _data.NewContext())
        {
            await db.SupportDepartments().Where(d => d.Id == _data.TechnicalId).ExecuteUpdateAsync(s => s.SetProperty(d => d.IsActive, false));
        }

        _data.Time.Advance(TimeSpan.FromMinutes(31));

        await _data.Get<ChatIdleSweep>().RunAsync(CancellationToken.None);

        var ticket = await _data.TicketAsync((await ConversationAsync(chat)).TicketId!.Value);
        Assert.Equal(_data.BillingId, ticket.DepartmentId);
    }

    [Fact]
    public async Task SendAsCustomer_TwoFirstMessagesAtOnce_StartOneChatWithBothLines()
    {
        using var file = new SqliteFileTestDatabase();
        var rendezvous = SaveRendezvous.Adding<ChatConversation>();
        using var data = new SupportTestData(contexts: new InterceptedFileContexts(file, rendezvous));
        var desk = data.Get<ChatDesk>();
        rendezvous.Armed = true;

        var results = await Task.WhenAll(
            Task.Run(() => desk.SendAsCustomerAsync(data.CustomerId, Message("From tab one"), CancellationToken.None)),
            Task.Run(() => desk.SendAsCustomerAsync(data.CustomerId, Message("From tab two"), CancellationToken.None)));

        Assert.True(rendezvous.Arrived >= 2);
        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Equal(results[0].Value!.ConversationId, results[1].Value!.ConversationId);
        await using var db = data.NewContext();
        Assert.Equal(1, await db.ChatConversations().CountAsync());
        Assert.Equal(2, await db.ChatLines().CountAsync());
    }

    private async Task<Guid> NewCustomerAsync()
    {
        await using var db = _data.NewContext();
        var user = new GameHost.Domain.Accounts.ApplicationUser
        {
            Id = Guid.NewGuid(), UserName = "carla@players.test", Email = "carla@players.test", FullName = "Carla", PreferredLanguage = "en",
            CreatedAtUtc = _data.NowUtc, SecurityStamp = "s",
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }
}
