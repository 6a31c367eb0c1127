using GameHost.Domain.Notifications;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Mail;
using GameHost.Domain.Support.Mail.Persistence;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.Domain.Provisioning.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.Domain.Support;

/// <summary>A mailbox held in memory: the inbox in UID order, and where each message was moved.</summary>
public sealed class MemoryMailbox : IMailbox, IMailboxSession
{
    private uint _next = 1;

    public List<(uint Uid, InboundMail Mail)> Inbox { get; } = [];

    public List<(uint Uid, string Folder)> Moved { get; } = [];

    public void Deliver(InboundMail mail) => Inbox.Add((_next++, mail));

    public Task<IMailboxSession> OpenAsync(MailboxConnection connection, CancellationToken cancellationToken) => Task.FromResult<IMailboxSession>(this);

    public Task<IReadOnlyList<uint>> ListInboxAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<uint>>(Inbox.Select(m => m.Uid).ToList());

    public Task<MailboxFetch> FetchAsync(uint uid, CancellationToken cancellationToken) => Task.FromResult(new MailboxFetch(uid, Inbox.Single(m => m.Uid == uid).Mail, null));

    public Task MoveAsync(uint uid, string folder, CancellationToken cancellationToken)
    {
        Inbox.RemoveAll(m => m.Uid == uid);
        Moved.Add((uid, folder));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Guest tickets: strangers' mail under the guest policy, answered by e-mail, threaded back by reference.</summary>
public sealed class GuestTicketsTests : IAsyncLifetime
{
    private static readonly MailImportContext Context = new("PixelHost", "https://hosting.test/account/register");

    private readonly SupportTestData _data = new();
    private readonly MemoryMailbox _mailbox = new();
    private readonly FakeSecretProtector _protector = new();

    public async Task InitializeAsync()
    {
        _data.Time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        await using var db = _data.Database.NewContext();
        db.SupportMailSettings().Add(new SupportMailSettings
        {
            Enabled = true,
            Host = "imap.gamehost.test",
            UserName = "support",
            ProtectedPassword = _protector.Protect("secret"),
            UnknownSenders = UnknownSenderPolicy.GuestTicket,
        });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    private SupportMailImportSweep Sweep() => new(
        _data.Get<IDbContextFactory<GameHost.Domain.Persistence.GameHostDbContext>>(),
        _mailbox,
        _protector,
        _data.Provider,
        _data.Get<AttachmentStore>(),
        _data.Get<TicketSignals>(),
        _data.Time,
        _data.Get<IOptions<SupportOptions>>(),
        NullLogger<SupportMailImportSweep>.Instance);

    private static InboundMail Mail(string from, string subject, string text, string messageId, string to = "tech@gamehost.test", string? inReplyTo = null, string? name = "Gary Guest") => new(
        messageId, inReplyTo, inReplyTo is null ? [] : [inReplyTo], from, name, [to], subject, text, null, [], new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), false,
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(messageId))));

    [Fact]
    public async Task RunAsync_StrangerUnderGuestPolicy_OpensGuestTicketStaffSeeInQueue()
    {
        _mailbox.Deliver(Mail("Gary@Elsewhere.test", "Do you host Rust?", "Hi, do you host Rust servers in Europe?", "q1@elsewhere.test"));

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal(1, result.Opened);
        Assert.Equal([(1u, SupportMailSettings.DefaultProcessed)], _mailbox.Moved);
        await using var db = _data.Database.NewContext();
        var ticket = await db.Tickets().SingleAsync();
        Assert.Null(ticket.CustomerId);
        Assert.Equal(("gary@elsewhere.test", "Gary Guest", _data.TechnicalId), (ticket.GuestEmail, ticket.GuestName, ticket.DepartmentId));
        var message = await db.TicketMessages().SingleAsync();
        Assert.Equal((MessageSource.Email, "q1@elsewhere.test", false), (message.Source, message.MailMessageId, message.IsStaff));
        var log = await db.SupportMailImports().SingleAsync();
        Assert.Equal((MailImportOutcome.Opened, ticket.Id), (log.Outcome, log.TicketId));
        var row = Assert.Single((await _data.Get<TicketQueries>().QueueAsync(new QueueFilter(Search: "elsewhere"), 0, CancellationToken.None)).Items);
        Assert.True(row.IsGuest);
        Assert.Equal("gary@elsewhere.test", row.CustomerEmail);
        var view = await _data.Get<TicketQueries>().TicketAsync(_data.SupportId, ticket.Id, CancellationToken.None);
        Assert.True(view!.IsGuest);
        Assert.Equal("Gary Guest", view.CustomerName);
    }

    [Fact]
    public async Task StaffReplyAsync_GuestTicket_MailedToTheGuestWithTheReference_AnswerThreadsBack()
    {
        _mailbox.Deliver(Mail("gary@elsewhere.test", "Do you host Rust?", "Hi, do you host Rust?", "q1@elsewhere.test"));
        await Sweep().RunAsync(Context, CancellationToken.None);
        Ticket ticket;
        await using (var db = _data.Database.NewContext())
        {
            ticket = await db.Tickets().SingleAsync();
        }

        var reply = await _data.Desk.StaffReplyAsync(_data.SupportId, ticket.Id, new ReplyRequest("Yes, in Frankfurt.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        var again = await _data.Desk.AddNoteAsync(_data.SupportId, ticket.Id, new ReplyRequest("Potential customer") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);

        Assert.True(reply.IsSuccess, reply.Error?.Code);
        Assert.True(again.IsSuccess);
        await using (var db = _data.Database.NewContext())
        {
            var mail = await db.OutboundEmails.SingleAsync(e => e.ToAddress == "gary@elsewhere.test");
            Assert.Equal("gary@elsewhere.test", mail.ToAddress);
            Assert.Equal($"Re: [{ticket.Reference}] Do you host Rust?", mail.Subject);
            Assert.Contains("Yes, in Frankfurt.", mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Potential customer", mail.TextBody, StringComparison.Ordinal);
        }

        _mailbox.Deliver(Mail("gary@elsewhere.test", $"Re: [{ticket.Reference}] Do you host Rust?", "Great, what does 8 GB cost?", "q2@elsewhere.test", inReplyTo: "other@gamehost.test"));
        _mailbox.Deliver(Mail("mallory@elsewhere.test", $"Re: [{ticket.Reference}] Do you host Rust?", "Let me in", "m1@elsewhere.test", name: null));
        var second = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 1), (second.Threaded, second.Opened));
        await using (var db = _data.Database.NewContext())
        {
            var messages = await db.TicketMessages().Where(m => m.TicketId == ticket.Id && m.Kind == MessageKind.Reply).OrderBy(m => m.CreatedAtUtc).Select(m => m.Body).ToListAsync();
            Assert.Equal(["Hi, do you host Rust?", "Yes, in Frankfurt.", "Great, what does 8 GB cost?"], messages);
            var reopened = await db.Tickets().SingleAsync(t => t.Id == ticket.Id);
            Assert.Equal(TicketState.InProgress, reopened.State);
            var mallory = await db.Tickets().SingleAsync(t => t.GuestEmail == "mallory@elsewhere.test");
            Assert.NotEqual(ticket.Id, mallory.Id);
        }
    }

    [Fact]
    public async Task RunAsync_SameGuestMailTwice_SecondChangesNothing()
    {
        var mail = Mail("gary@elsewhere.test", "Do you host Rust?", "Hi", "q1@elsewhere.test");
        _mailbox.Deliver(mail);
        await Sweep().RunAsync(Context, CancellationToken.None);
        _mailbox.Deliver(mail);

        var second = await Sweep().RunAsync(Context, CancellationToken.None);
        var direct = await _data.Desk.GuestMailAsync(
            new GuestMail("q1@elsewhere.test", "gary@elsewhere.test", null, "Do you host Rust?", "Do you host Rust?", "Hi", [], ["tech@gamehost.test"], null, []), CancellationToken.None);

        Assert.Equal(1, second.Duplicates);
        Assert.True(direct.Value!.Opened);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.Tickets().CountAsync());
        Assert.Equal(1, await db.TicketMessages().CountAsync());
        Assert.Equal(direct.Value.TicketId, (await db.Tickets().SingleAsync()).Id);
    }

    [Fact]
    public async Task GuestMailAsync_PaidDepartmentAddressed_OpensInAFreeDepartment()
    {
        await using (var db = _data.Database.NewContext())
        {
            var technical = await db.SupportDepartments().SingleAsync(d => d.Id == _data.TechnicalId);
            technical.PaidMode = PaidSupportMode.PerTicket;
            technical.PriceMinor = 1000;
            await db.SaveChangesAsync();
        }

        var opened = await _data.Desk.GuestMailAsync(
            new GuestMail("q9@elsewhere.test", "gary@elsewhere.test", null, "Help", "Help", "Hi", [], ["tech@gamehost.test"], null, []), CancellationToken.None);

        Assert.True(opened.IsSuccess, opened.Error?.Code);
        Assert.Equal(_data.BillingId, (await _data.TicketAsync(opened.Value.TicketId)).DepartmentId);
    }

    [Fact]
    public async Task RunAsync_RefusePolicy_StillRefusesWithoutTicket()
    {
        await using (var db = _data.Database.NewContext())
        {
            (await db.SupportMailSettings().SingleAsync()).UnknownSenders = UnknownSenderPolicy.Refuse;
            await db.SaveChangesAsync();
        }

        _mailbox.Deliver(Mail("gary@elsewhere.test", "Do you host Rust?", "Hi", "q1@elsewhere.test"));

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 0), (result.Refused, result.Opened));
        await using var check = _data.Database.NewContext();
        Assert.Empty(await check.Tickets().ToListAsync());
    }
}
