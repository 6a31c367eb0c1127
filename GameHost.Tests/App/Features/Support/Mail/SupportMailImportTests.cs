using System.Text;
using GameHost.App.Features.Notifications.Email;
using GameHost.App.Features.Support.Mail;
using System.Data.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Mail;
using GameHost.Domain.Support.Mail.Persistence;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.App.Features.Notifications.Email;
using GameHost.Tests.Domain.Provisioning.Settings;
using GameHost.Tests.Domain.Support;
using GameHost.Tests.TestSupport;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace GameHost.Tests.App.Features.Support.Mail;

/// <summary>
/// The import sweep end to end: the helpdesk over migrated SQLite, the MailKit adapter against a real Dovecot started
/// for each test, and (for the round trip) the real SMTP transport into a loopback SMTP server.
/// </summary>
public sealed class SupportMailImportTests : IAsyncLifetime
{
    private const string NoReply = "no-reply@gamehost.test";
    private static readonly MailImportContext Context = new("PixelHost", "https://hosting.test/account/register") { OwnAddresses = [NoReply] };
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private readonly SupportTestData _data = new();
    private readonly System.Globalization.CultureInfo _uiCulture = System.Globalization.CultureInfo.CurrentUICulture;
    private readonly FakeSecretProtector _protector = new();
    private DovecotServer _dovecot = null!;

    public async Task InitializeAsync()
    {
        // Real mail arrives over time: each reading of the clock moves it on a millisecond, so messages saved in one
        // run keep their order in the conversation (which sorts by time).
        _data.Time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        _dovecot = await DovecotServer.StartAsync();
        await using var db = _data.Database.NewContext();
        db.SupportMailSettings().Add(new SupportMailSettings
        {
            Enabled = true,
            Host = _dovecot.Host,
            Port = _dovecot.Port,
            Security = MailboxSecurity.None,
            UserName = _dovecot.User,
            ProtectedPassword = _protector.Protect(_dovecot.Password),
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        System.Globalization.CultureInfo.CurrentUICulture = _uiCulture;
        await _dovecot.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task RunAsync_NewMailFromKnownCustomer_OpensTicketInAddressedDepartmentWithAttachmentsAndMovesIt()
    {
        var builder = new BodyBuilder { TextBody = "My server crashes on boot.\n\n-- \nAlice Doe\nalice@players.test" };
        builder.Attachments.Add("screenshot.png", Png, new ContentType("image", "png"));
        builder.Attachments.Add("latest.log", Encoding.UTF8.GetBytes("[12:00] Crash: out of memory\n"), new ContentType("text", "plain"));
        builder.Attachments.Add("tool.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00], new ContentType("application", "octet-stream"));
        var mail = Mail("alice@players.test", "tech@gamehost.test", "Server will not start", builder.ToMessageBody(), "first@players.test");
        await _dovecot.AppendAsync(mail);

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal(1, result.Opened);
        await using var db = _data.Database.NewContext();
        var ticket = await db.Tickets().SingleAsync();
        Assert.Equal(_data.CustomerId, ticket.CustomerId);
        Assert.Equal(_data.TechnicalId, ticket.DepartmentId);
        Assert.Equal("Server will not start", ticket.Subject);
        var message = await db.TicketMessages().Include(m => m.Attachments).SingleAsync();
        Assert.Equal(MessageSource.Email, message.Source);
        Assert.Equal("first@players.test", message.MailMessageId);
        Assert.StartsWith("My server crashes on boot.", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("alice@players.test", message.Body, StringComparison.Ordinal);
        Assert.Contains("tool.exe", message.Body, StringComparison.Ordinal);
        Assert.Equal(["latest.log", "screenshot.png"], message.Attachments.Select(a => a.FileName).Order());
        Assert.All(message.Attachments, a => Assert.True(File.Exists(Path.Combine(_data.AttachmentFolder, a.StoredName))));
        var log = await db.SupportMailImports().SingleAsync();
        Assert.Equal(MailImportOutcome.Opened, log.Outcome);
        Assert.Contains("tool.exe", log.Detail, StringComparison.Ordinal);
        Assert.Empty(await _dovecot.ReadFolderAsync("INBOX"));
        Assert.Single(await _dovecot.ReadFolderAsync(SupportMailSettings.DefaultProcessed));
    }

    [Theory]
    [InlineData("en-US", "_Attachments not kept: tool.exe is not an image, PDF, ZIP or text file._ _Attachments not kept: blank.txt is empty._")]
    [InlineData("es-ES", "_Adjuntos no guardados: tool.exe no es una imagen, un PDF, un ZIP ni un archivo de texto._ _Adjuntos no guardados: blank.txt está vacío._")]
    public async Task RunAsync_NewTicketWithRefusedFiles_TheNoteReadsInTheReadersLanguage_TheBodyKeepsEnglish(string culture, string note)
    {
        var builder = new BodyBuilder { TextBody = "Logs attached." };
        builder.Attachments.Add("screenshot.png", Png, new ContentType("image", "png"));
        builder.Attachments.Add("tool.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00], new ContentType("application", "octet-stream"));
        builder.Attachments.Add("blank.txt", [], new ContentType("text", "plain"));
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", "Crash", builder.ToMessageBody(), "refused@players.test"));

        Assert.Equal(1, (await Sweep().RunAsync(Context, CancellationToken.None)).Opened);

        await using var db = _data.Database.NewContext();
        var ticket = await db.Tickets().SingleAsync();
        var message = Assert.Single(await ReadAsync(_data.CustomerId, ticket.Id, culture));
        Assert.Equal("Logs attached.\n\n" + note, message.Body);
        var stored = await db.TicketMessages().Include(m => m.Attachments).SingleAsync();
        Assert.Equal("Logs attached.\n\n_Attachments not kept: tool.exe is not an image, PDF, ZIP or text file._ _Attachments not kept: blank.txt is empty._", stored.Body);
        Assert.Contains("attachments not kept: tool.exe", ticket.SearchText, StringComparison.Ordinal);
        Assert.Equal("screenshot.png", Assert.Single(stored.Attachments).FileName);
        Assert.Equal("Attachments not kept: tool.exe is not an image, PDF, ZIP or text file. Attachments not kept: blank.txt is empty.",
            (await db.SupportMailImports().SingleAsync()).Detail);
    }

    [Theory]
    [InlineData("en-US", "_Attachments not kept: tool.exe is not an image, PDF, ZIP or text file._ _Attachments not kept: there were more or larger files than a ticket may hold._ _So none of the message's files were kept._")]
    [InlineData("es-ES", "_Adjuntos no guardados: tool.exe no es una imagen, un PDF, un ZIP ni un archivo de texto._ _Adjuntos no guardados: había más archivos, o más grandes, de los que admite un ticket._ _Por eso no se guardó ninguno de los archivos del mensaje._")]
    public async Task RunAsync_ReplyWhoseFilesTheTicketCannotHold_TheNoteReadsInTheReadersLanguage(string culture, string note)
    {
        var ticketId = await _data.OpenAsync();
        var reference = (await _data.TicketAsync(ticketId)).Reference;
        // The import lets both pictures through; the helpdesk refuses them for the ticket's total and the words are kept alone.
        _data.Get<IOptions<SupportOptions>>().Value.MaxTicketBytes = 20;
        var builder = new BodyBuilder { TextBody = "Two screenshots." };
        builder.Attachments.Add("one.png", Png, new ContentType("image", "png"));
        builder.Attachments.Add("two.png", Png, new ContentType("image", "png"));
        builder.Attachments.Add("tool.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00], new ContentType("application", "octet-stream"));
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", $"Re: [{reference}] Server will not start", builder.ToMessageBody(), "total@players.test"));

        Assert.Equal(1, (await Sweep().RunAsync(Context, CancellationToken.None)).Threaded);

        var messages = await ReadAsync(_data.CustomerId, ticketId, culture);
        Assert.Equal(["It crashes on boot.", "Two screenshots.\n\n" + note], messages.Select(m => m.Body));
        await using var db = _data.Database.NewContext();
        Assert.False(await db.TicketAttachments().AnyAsync());
        Assert.StartsWith("Two screenshots.\n\n_Attachments not kept: tool.exe", (await _data.MessagesAsync(ticketId))[1].Body, StringComparison.Ordinal);
        Assert.Contains("So none of the message's files were kept.", (await db.SupportMailImports().SingleAsync()).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US", "_Attachments not kept: tool.exe is not an image, PDF, ZIP or text file._")]
    [InlineData("es-ES", "_Adjuntos no guardados: tool.exe no es una imagen, un PDF, un ZIP ni un archivo de texto._")]
    public async Task RunAsync_GuestMailWithRefusedFile_TheNoteReadsInTheReadersLanguage(string culture, string note)
    {
        await using (var db = _data.Database.NewContext())
        {
            (await db.SupportMailSettings().SingleAsync()).UnknownSenders = UnknownSenderPolicy.GuestTicket;
            await db.SaveChangesAsync();
        }

        var builder = new BodyBuilder { TextBody = "Before I buy: does this run?" };
        builder.Attachments.Add("tool.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00], new ContentType("application", "octet-stream"));
        await _dovecot.AppendAsync(Mail("gary@elsewhere.test", "tech@gamehost.test", "Question", builder.ToMessageBody(), "guest@elsewhere.test"));

        Assert.Equal(1, (await Sweep().RunAsync(Context, CancellationToken.None)).Opened);

        await using var check = _data.Database.NewContext();
        var ticket = await check.Tickets().SingleAsync();
        Assert.Equal("Before I buy: does this run?\n\n" + note, Assert.Single(await ReadAsync(_data.SupportId, ticket.Id, culture)).Body);
        Assert.Equal("Attachments not kept: tool.exe is not an image, PDF, ZIP or text file.", (await check.SupportMailImports().SingleAsync()).Detail);
    }

    /// <summary>The ticket's messages as <paramref name="viewerId"/> reads them in <paramref name="culture"/> (the query the ticket pages use).</summary>
    private async Task<IReadOnlyList<GameHost.Domain.Support.Queries.MessageView>> ReadAsync(Guid viewerId, Guid ticketId, string culture)
    {
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
        return (await _data.Get<GameHost.Domain.Support.Queries.TicketQueries>().TicketAsync(viewerId, ticketId, CancellationToken.None))!.Messages;
    }

    [Fact]
    public async Task RunAsync_NoDepartmentAddressMatches_OpensInTheFirstDepartment()
    {
        await _dovecot.AppendAsync(Mail("alice@players.test", "help@gamehost.test", "Question", Text("Hi"), "q@players.test"));

        await Sweep().RunAsync(Context, CancellationToken.None);

        await using var db = _data.Database.NewContext();
        Assert.Equal(_data.TechnicalId, (await db.Tickets().SingleAsync()).DepartmentId);
    }

    [Fact]
    public async Task RunAsync_ReplyWithReferenceInSubject_ThreadsIntoTheTicketWithoutTheQuotedHistory()
    {
        var ticketId = await _data.OpenAsync();
        var reference = (await _data.TicketAsync(ticketId)).Reference;
        await _dovecot.AppendAsync(Mail("alice@players.test", "support@gamehost.test", $"Re: [{reference}] Server will not start",
            Text("Here is the log you asked for.\n\nOn Wed, 4 Mar 2026 at 12:00, PixelHost <support@gamehost.test> wrote:\n> Could you send the log?"), "r1@players.test"));

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal(1, result.Threaded);
        var messages = await _data.MessagesAsync(ticketId);
        Assert.Equal(2, messages.Count);
        Assert.Equal("Here is the log you asked for.", messages[1].Body);
        Assert.Equal(MessageSource.Email, messages[1].Source);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.Tickets().CountAsync());
    }

    [Fact]
    public async Task RunAsync_ReferenceOfAnotherCustomersTicket_DoesNotThreadIntoIt()
    {
        var ticketId = await _data.OpenAsync(customer: _data.OtherCustomerId);
        var reference = (await _data.TicketAsync(ticketId)).Reference;
        await _dovecot.AppendAsync(Mail("alice@players.test", "support@gamehost.test", $"Re: [{reference}] Not mine", Text("Let me in"), "intruder@players.test"));

        await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Single(await _data.MessagesAsync(ticketId));
        await using var db = _data.Database.NewContext();
        var own = await db.Tickets().SingleAsync(t => t.CustomerId == _data.CustomerId);
        Assert.Equal("Not mine", own.Subject);
    }

    [Fact]
    public async Task RunAsync_ReplyByInReplyToOnly_ThreadsIntoTheTicketOfTheEarlierMail()
    {
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", "Lag", Text("Lag every evening"), "lag-1@players.test"));
        var follow = Mail("alice@players.test", "tech@gamehost.test", "one more thing", Text("Also at noon"), "lag-2@players.test");
        follow.InReplyTo = "lag-1@players.test";
        follow.References.Add("lag-1@players.test");
        await _dovecot.AppendAsync(follow);

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 1), (result.Opened, result.Threaded));
        await using var db = _data.Database.NewContext();
        var ticket = await db.Tickets().SingleAsync();
        Assert.Equal(["Lag every evening", "Also at noon"], (await _data.MessagesAsync(ticket.Id)).Select(m => m.Body));
    }

    [Fact]
    public async Task RunAsync_SameMessageDeliveredTwice_ImportsItOnceAndMovesBoth()
    {
        var mail = Mail("alice@players.test", "tech@gamehost.test", "Twice", Text("Delivered twice"), "dup@players.test");
        await _dovecot.AppendAsync(mail);
        await _dovecot.AppendAsync(mail);

        var first = await Sweep().RunAsync(Context, CancellationToken.None);
        var second = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 1), (first.Opened, first.Duplicates));
        Assert.True(second.IsIdle);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.TicketMessages().CountAsync());
        Assert.Equal(2, (await _dovecot.ReadFolderAsync(SupportMailSettings.DefaultProcessed)).Count);
    }

    [Fact]
    public async Task RunAsync_StoppedBetweenCommitAndMove_NextRunImportsNothingTwice()
    {
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", "Crash test", WithPng("Once only"), "once@players.test"));
        var failing = new MoveFailsMailbox(new MailKitMailbox(NullLogger<MailKitMailbox>.Instance));

        await Assert.ThrowsAsync<IOException>(() => Sweep(failing).RunAsync(Context, CancellationToken.None));
        Assert.Single(await _dovecot.ReadFolderAsync("INBOX"));
        var retry = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((0, 1), (retry.Opened, retry.Duplicates));
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.Tickets().CountAsync());
        Assert.Equal(1, await db.TicketMessages().CountAsync());
        Assert.Equal(1, await db.TicketAttachments().CountAsync());
        Assert.Single(Directory.GetFiles(_data.AttachmentFolder));
        Assert.Equal(MailImportOutcome.Opened, (await db.SupportMailImports().SingleAsync()).Outcome);
        Assert.Empty(await _dovecot.ReadFolderAsync("INBOX"));
        Assert.Single(await _dovecot.ReadFolderAsync(SupportMailSettings.DefaultProcessed));
    }

    [Fact]
    public async Task RunAsync_StoppedBeforeTheCommit_LeavesNothingAndTheMailInTheInbox_NextRunImportsItOnce()
    {
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", "Power cut", WithPng("Imported once, after the retry"), "cut@players.test"));
        var failOnce = new FailingCommit();

        var stopped = await Assert.ThrowsAsync<MailImportStoreException>(() =>
            Sweep(contexts: new SqliteTestContextFactory(_data.Database, failOnce)).RunAsync(Context, CancellationToken.None));

        Assert.IsType<IOException>(stopped.InnerException);
        Assert.Equal(1, failOnce.Failures);
        await using (var db = _data.Database.NewContext())
        {
            Assert.False(await db.Tickets().AnyAsync());
            Assert.False(await db.TicketMessages().AnyAsync());
            Assert.False(await db.TicketAttachments().AnyAsync());
            Assert.False(await db.SupportMailImports().AnyAsync());
            Assert.False(await db.Notifications().AnyAsync());
            Assert.False((await db.SupportMailSettings().SingleAsync()).LastRunSucceeded);
        }

        Assert.Empty(Directory.Exists(_data.AttachmentFolder) ? Directory.GetFiles(_data.AttachmentFolder) : []);
        Assert.Equal(["Power cut"], (await _dovecot.ReadFolderAsync("INBOX")).Select(m => m.Subject));

        var retry = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 0), (retry.Opened, retry.Duplicates));
        await using var check = _data.Database.NewContext();
        var message = await check.TicketMessages().Include(m => m.Attachments).SingleAsync();
        Assert.Equal("Imported once, after the retry", message.Body);
        Assert.Equal("cut@players.test", message.MailMessageId);
        Assert.Single(message.Attachments);
        Assert.Single(Directory.GetFiles(_data.AttachmentFolder));
        Assert.Empty(await _dovecot.ReadFolderAsync("INBOX"));
    }

    [Fact]
    public async Task RunAsync_CustomerMails_WriteTicketMessageAttachmentsAndLogInOneTransactionPerMessage()
    {
        var ticketId = await _data.OpenAsync();
        var reference = (await _data.TicketAsync(ticketId)).Reference;
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", "First", WithPng("A new ticket"), "tx-1@players.test"));
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", $"Re: [{reference}] Server will not start", WithPng("A reply"), "tx-2@players.test"));
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", "Second", Text("Another new ticket"), "tx-3@players.test"));
        var writes = new WriteRecorder();

        var result = await Sweep(contexts: new SqliteTestContextFactory(_data.Database, writes)).RunAsync(Context, CancellationToken.None);

        Assert.Equal((2, 1), (result.Opened, result.Threaded));
        string[] tables = ["\"Ticket\"", "\"TicketMessage\"", "\"TicketAttachment\"", "\"SupportMailImports\""];
        var helpdeskWrites = writes.Writes.Where(w => tables.Any(t => w.Sql.Contains(t, StringComparison.Ordinal))).ToList();
        var seen = string.Join("\n", writes.Writes.Select(w => $"{(w.Transaction is null ? "none" : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(w.Transaction).ToString(System.Globalization.CultureInfo.InvariantCulture))}: {w.Sql[..Math.Min(w.Sql.Length, 300)].ReplaceLineEndings(" ")}"));
        Assert.True(helpdeskWrites.Count(w => w.Sql.Contains("INSERT INTO \"Ticket\" ", StringComparison.Ordinal)) == 2, seen);
        Assert.All(helpdeskWrites, w => Assert.NotNull(w.Transaction));
        var perMessage = helpdeskWrites.GroupBy(w => w.Transaction!).ToList();
        Assert.Equal(3, perMessage.Count);
        Assert.All(perMessage, group =>
        {
            Assert.Single(group, w => w.Sql.Contains("INSERT INTO \"SupportMailImports\"", StringComparison.Ordinal));
            Assert.Single(group, w => w.Sql.Contains("INSERT INTO \"TicketMessage\" ", StringComparison.Ordinal));
            Assert.Single(group, w => w.Sql.Contains("UPDATE \"TicketMessage\" SET \"MailMessageId\"", StringComparison.Ordinal));
        });
        Assert.Equal(2, perMessage.Count(g => g.Any(w => w.Sql.Contains("INSERT INTO \"TicketAttachment\" ", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task RunAsync_MessageWithoutNoMessageId_IsDedupedByItsBytes()
    {
        var raw = Encoding.ASCII.GetBytes("From: Alice <alice@players.test>\r\nTo: tech@gamehost.test\r\nSubject: No id\r\n\r\nNo Message-ID here\r\n");
        await _dovecot.AppendRawAsync(raw);
        await _dovecot.AppendRawAsync(raw);

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 1), (result.Opened, result.Duplicates));
        await using var db = _data.Database.NewContext();
        Assert.StartsWith("sha256:", (await db.TicketMessages().SingleAsync()).MailMessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MalformedMessage_GoesToFailedWithALogEntryAndTheRestIsImported()
    {
        await _dovecot.AppendRawAsync(Encoding.ASCII.GetBytes("Subject: broken\r\nFrom: <<<not an address>>>\r\n\r\n\u0001\u0002garbage\r\n"));
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", "Fine", Text("A good one"), "good@players.test"));

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 1), (result.Failed, result.Opened));
        Assert.Equal(["broken"], (await _dovecot.ReadFolderAsync(SupportMailSettings.DefaultFailed)).Select(m => m.Subject));
        Assert.Equal(["Fine"], (await _dovecot.ReadFolderAsync(SupportMailSettings.DefaultProcessed)).Select(m => m.Subject));
        await using var db = _data.Database.NewContext();
        var failed = await db.SupportMailImports().SingleAsync(i => i.Outcome == MailImportOutcome.Failed);
        Assert.Equal("broken", failed.Subject);
        Assert.False(string.IsNullOrEmpty(failed.Detail));
    }

    [Fact]
    public async Task RunAsync_AutoReplyAndBounce_AreFiledAndNeverAnswered()
    {
        var vacation = Mail("stranger@elsewhere.test", "support@gamehost.test", "Out of office", Text("I am away"), "ooo@elsewhere.test");
        vacation.Headers.Add("Auto-Submitted", "auto-replied");
        await _dovecot.AppendAsync(vacation);
        await _dovecot.AppendAsync(Mail("MAILER-DAEMON@mx.elsewhere.test", "support@gamehost.test", "Undelivered Mail Returned to Sender", Text("550 no such user"), "bounce@mx.elsewhere.test"));
        var known = Mail("alice@players.test", "support@gamehost.test", "Automatic reply", Text("Alice is away"), "alice-ooo@players.test");
        known.Headers.Add("X-Autoreply", "yes");
        await _dovecot.AppendAsync(known);

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal(3, result.AutoReplies);
        await using var db = _data.Database.NewContext();
        Assert.False(await db.Tickets().AnyAsync());
        Assert.False(await db.OutboundEmails.AnyAsync());
        Assert.Equal(3, (await _dovecot.ReadFolderAsync(SupportMailSettings.DefaultAutoReplies)).Count);
    }

    [Fact]
    public async Task RunAsync_UnknownSender_GetsOneRefusalADayAndNoTicket()
    {
        await _dovecot.AppendAsync(Mail("stranger@elsewhere.test", "support@gamehost.test", "Do you host Rust?", Text("Hi"), "s1@elsewhere.test"));
        await _dovecot.AppendAsync(Mail("stranger@elsewhere.test", "support@gamehost.test", "Hello?", Text("Anyone?"), "s2@elsewhere.test"));

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 1), (result.Refused, result.Ignored));
        await using var db = _data.Database.NewContext();
        Assert.False(await db.Tickets().AnyAsync());
        var refusal = await db.OutboundEmails.SingleAsync();
        Assert.Equal("stranger@elsewhere.test", refusal.ToAddress);
        Assert.Equal("Re: Do you host Rust?", refusal.Subject);
        Assert.Contains("https://hosting.test/account/register", refusal.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownSenderKeptForStaff_SendsNothing()
    {
        await using (var db = _data.Database.NewContext())
        {
            var settings = await db.SupportMailSettings().SingleAsync();
            settings.UnknownSenders = UnknownSenderPolicy.KeepForStaff;
            await db.SaveChangesAsync();
        }

        await _dovecot.AppendAsync(Mail("stranger@elsewhere.test", "support@gamehost.test", "Hi", Text("Hi"), "s3@elsewhere.test"));

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal(1, result.Ignored);
        await using var check = _data.Database.NewContext();
        Assert.False(await check.OutboundEmails.AnyAsync());
    }

    [Fact]
    public async Task RunAsync_ImportSwitchedOff_LeavesTheInboxAlone()
    {
        await using (var db = _data.Database.NewContext())
        {
            (await db.SupportMailSettings().SingleAsync()).Enabled = false;
            await db.SaveChangesAsync();
        }

        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", "Hi", Text("Hi"), "off@players.test"));

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.True(result.Disabled);
        Assert.Single(await _dovecot.ReadFolderAsync("INBOX"));
    }

    [Fact]
    public async Task StaffReply_GoesOutBySmtpWholeWithFilesAndReplyTo_AndTheCustomersAnswerToItLandsInTheSameTicket()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var ticketId = await _data.OpenAsync();
        var reference = (await _data.TicketAsync(ticketId)).Reference;
        await using (var db = _data.Database.NewContext())
        {
            db.OutboundEmails.RemoveRange(db.OutboundEmails); // the "ticket opened" receipts are not what this test follows
            await db.SaveChangesAsync();
        }

        var text = "Please send the crash log.\n\n" + string.Join(' ', Enumerable.Repeat("It is in the logs folder of your server.", 10)) + "\n\nThank you!";
        var reply = await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId,
            new ReplyRequest(text, [new AttachmentUpload("where.png", Png)]) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        Assert.True(reply.IsSuccess);
        await Dispatcher(smtp.Port).DispatchAsync(CancellationToken.None);

        var sent = Assert.Single(smtp.Received);
        Assert.Contains($"[{reference}]", sent.Subject, StringComparison.Ordinal);
        Assert.Equal("alice@players.test", sent.To.Mailboxes.Single().Address);
        // Sent from the no-reply sender, answered to the department the ticket is in: the mailbox the import reads.
        Assert.Equal(NoReply, sent.From.Mailboxes.Single().Address);
        var replyTo = sent.ReplyTo.Mailboxes.Single().Address;
        Assert.Equal("tech@gamehost.test", replyTo);
        Assert.Contains(text.ReplaceLineEndings("\n"), sent.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Thank you!", sent.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("where.png", Assert.Single(sent.Attachments).ContentDisposition!.FileName);
        Assert.False(sent.Headers.Contains("List-Unsubscribe"));
        Assert.False(sent.Headers.Contains("Auto-Submitted"));

        // The customer presses "Reply": to the Reply-To, "Re:" + subject, In-Reply-To the staff e-mail, history quoted.
        var answer = Mail("alice@players.test", replyTo, "Re: " + sent.Subject,
            Text("Log attached.\n\nOn Wed, 4 Mar 2026, PixelHost wrote:\n> Please send the crash log."), "answer@players.test");
        answer.InReplyTo = sent.MessageId;
        await _dovecot.AppendAsync(answer);

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal(1, result.Threaded);
        var messages = await _data.MessagesAsync(ticketId);
        Assert.Equal(["It crashes on boot.", text, "Log attached."], messages.Select(m => m.Body));
        Assert.Equal(TicketState.InProgress, (await _data.TicketAsync(ticketId)).State);
    }

    [Fact]
    public async Task Receipt_GoesOutAsAutomaticMail_AndTheCustomersAnswerToItStillContinuesTheTicket()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", "Lag", Text("Lag every evening"), "lag@players.test"));
        await Sweep().RunAsync(Context, CancellationToken.None);
        await Dispatcher(smtp.Port).DispatchAsync(CancellationToken.None);

        var receipt = Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == "alice@players.test");
        Assert.Equal("auto-replied", receipt.Headers["Auto-Submitted"]);
        Assert.Equal("All", receipt.Headers["X-Auto-Response-Suppress"]);
        Assert.Equal("tech@gamehost.test", receipt.ReplyTo.Mailboxes.Single().Address);

        // A person answering the receipt adds to the ticket (which mails nothing back), so no loop can start.
        var answer = Mail("alice@players.test", "tech@gamehost.test", "more", Text("Also at noon"), "more@players.test");
        answer.InReplyTo = receipt.MessageId;
        await _dovecot.AppendAsync(answer);

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal(1, result.Threaded);
        await using var db = _data.Database.NewContext();
        var ticket = await db.Tickets().SingleAsync();
        Assert.Equal(["Lag every evening", "Also at noon"], (await _data.MessagesAsync(ticket.Id)).Select(m => m.Body));
    }

    [Fact]
    public async Task RunAsync_MailFromOurOwnAddresses_IsFiledUnansweredAndOpensNothing()
    {
        await _dovecot.AppendAsync(Mail(NoReply, "tech@gamehost.test", "Ticket [T-ZZZZZ] received", Text("We received your ticket."), "own-1@gamehost.test"));
        await _dovecot.AppendAsync(Mail("TECH@gamehost.test", "support@gamehost.test", "Forwarded", Text("Loop?"), "own-2@gamehost.test"));

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((2, 0, 0), (result.AutoReplies, result.Opened, result.Refused));
        await using var db = _data.Database.NewContext();
        Assert.False(await db.Tickets().AnyAsync());
        Assert.False(await db.OutboundEmails.AnyAsync());
        Assert.Equal(2, (await _dovecot.ReadFolderAsync(SupportMailSettings.DefaultAutoReplies)).Count);
    }

    [Fact]
    public async Task RunAsync_MailFromTheMailboxReplyAddress_IsFiledUnansweredAndOpensNothing()
    {
        await using (var db = _data.Database.NewContext())
        {
            (await db.SupportMailSettings().SingleAsync()).ReplyAddress = "replies@gamehost.test";
            await db.SaveChangesAsync();
        }

        await _dovecot.AppendAsync(Mail("Replies@gamehost.test", "tech@gamehost.test", "Forwarded", Text("Loop?"), "own-3@gamehost.test"));

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 0, 0), (result.AutoReplies, result.Opened, result.Refused));
        await using var check = _data.Database.NewContext();
        Assert.False(await check.Tickets().AnyAsync());
        Assert.False(await check.OutboundEmails.AnyAsync());
    }

    [Fact]
    public async Task RunAsync_ResponderAnswersOurRefusal_IsNeverRefusedAgain()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await _dovecot.AppendAsync(Mail("bot@elsewhere.test", "support@gamehost.test", "Offer", Text("Buy our SEO"), "bot-1@elsewhere.test"));
        await Sweep().RunAsync(Context, CancellationToken.None);
        await Dispatcher(smtp.Port).DispatchAsync(CancellationToken.None);
        var refusal = Assert.Single(smtp.Received);
        Assert.Equal("auto-replied", refusal.Headers["Auto-Submitted"]);

        // A responder without any auto-reply header answers the refusal, days later (past the once-a-day quiet period).
        _data.Time.Advance(TimeSpan.FromDays(2));
        var echo = Mail("bot@elsewhere.test", "support@gamehost.test", "Re: " + refusal.Subject, Text("Thanks for your message!"), "bot-2@elsewhere.test");
        echo.InReplyTo = refusal.MessageId;
        await _dovecot.AppendAsync(echo);

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 0), (result.AutoReplies, result.Refused));
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.OutboundEmails.CountAsync());
        Assert.Single(await _dovecot.ReadFolderAsync(SupportMailSettings.DefaultAutoReplies));
    }

    [Fact]
    public async Task RunAsync_SenderOverTheHourlyTicketLimit_ExcessIsFiledRefusedWithoutAnswer()
    {
        for (var i = 1; i <= 7; i++)
        {
            await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", $"Flood {i}", Text($"Message {i}"), $"flood{i}@players.test"));
        }

        var result = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((5, 2), (result.Opened, result.Refused));
        await using (var db = _data.Database.NewContext())
        {
            Assert.Equal(5, await db.Tickets().CountAsync());
            Assert.Equal(5, await db.OutboundEmails.CountAsync(e => e.ToAddress == "alice@players.test"));
            var refused = await db.SupportMailImports().Where(i => i.Outcome == MailImportOutcome.Refused).ToListAsync();
            Assert.Equal(2, refused.Count);
            Assert.All(refused, r => Assert.Contains("limit", r.Detail, StringComparison.Ordinal));
        }

        // Replies to the tickets already open are not limited, and an hour later new tickets open again.
        var reference = (await FirstTicketAsync()).Reference;
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", $"Re: [{reference}] Flood 1", Text("A reply"), "flood-reply@players.test"));
        Assert.Equal(1, (await Sweep().RunAsync(Context, CancellationToken.None)).Threaded);
        _data.Time.Advance(TimeSpan.FromMinutes(61));
        await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", "Later", Text("Later"), "later@players.test"));
        Assert.Equal(1, (await Sweep().RunAsync(Context, CancellationToken.None)).Opened);
    }

    [Fact]
    public async Task RunAsync_IncidentPackDepartmentWithNoneLeft_TellsTheCustomerOnceInTheirLanguage_AndTheirResponderIsNotAnswered()
    {
        await using (var db = _data.Database.NewContext())
        {
            var billing = await db.SupportDepartments().SingleAsync(d => d.Id == _data.BillingId);
            billing.PaidMode = PaidSupportMode.IncidentPack;
            billing.Email = "billing@gamehost.test";
            await db.SaveChangesAsync();
        }

        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var mail = Mail("bruno@players.test", "billing@gamehost.test", "Factura duplicada", Text("Me cobraron dos veces"), "inc-1@players.test");
        await _dovecot.AppendAsync(mail);
        await _dovecot.AppendAsync(mail);

        var result = await Sweep().RunAsync(Context, CancellationToken.None);
        await Dispatcher(smtp.Port).DispatchAsync(CancellationToken.None);

        Assert.Equal((0, 1, 1), (result.Opened, result.Refused, result.Duplicates));
        var told = Assert.Single(smtp.Received);
        Assert.Equal("bruno@players.test", told.To.Mailboxes.Single().Address);
        Assert.Contains("paquete de incidencias", told.Subject, StringComparison.Ordinal);
        Assert.Contains("https://hosting.test/cabinet/support", told.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-replied", told.Headers["Auto-Submitted"]);
        Assert.Equal("billing@gamehost.test", told.ReplyTo.Mailboxes.Single().Address);
        await using (var db = _data.Database.NewContext())
        {
            Assert.False(await db.Tickets().AnyAsync());
            Assert.Equal(MailImportOutcome.Refused, (await db.SupportMailImports().SingleAsync()).Outcome);
        }

        // Bruno's vacation responder (no auto-reply headers) answers the explanation: filed, not explained again.
        var echo = Mail("bruno@players.test", "billing@gamehost.test", "Re: " + told.Subject, Text("Estoy de vacaciones"), "inc-echo@players.test");
        echo.InReplyTo = told.MessageId;
        await _dovecot.AppendAsync(echo);

        var again = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((1, 0), (again.AutoReplies, again.Refused));
        await using var check = _data.Database.NewContext();
        Assert.Equal(1, await check.OutboundEmails.CountAsync());
    }

    private async Task<Ticket> FirstTicketAsync()
    {
        await using var db = _data.Database.NewContext();
        return await db.Tickets().AsNoTracking().OrderBy(t => t.CreatedAtUtc).FirstAsync();
    }

    [Fact]
    public async Task RunAsync_AnswerToOurEmailWithoutTheReference_ThreadsByInReplyTo()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var ticketId = await _data.OpenAsync();
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Which version?") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        await Dispatcher(smtp.Port).DispatchAsync(CancellationToken.None);
        var sent = smtp.Received.Single(m => (m.Subject ?? "").Contains("reply", StringComparison.OrdinalIgnoreCase));

        var answer = Mail("alice@players.test", "support@gamehost.test", "my answer", Text("1.20.4"), "ver@players.test");
        answer.InReplyTo = sent.MessageId;
        await _dovecot.AppendAsync(answer);

        await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal("1.20.4", (await _data.MessagesAsync(ticketId)).Last().Body);
    }

    [Fact]
    public async Task RunAsync_SeveralCommittedMessages_LeaveTheInboxInOneMoveCommand()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", $"Batch {i}", Text($"Message {i}"), $"batch{i}@players.test"));
        }

        var recording = new RecordingMailbox(new MailKitMailbox(NullLogger<MailKitMailbox>.Instance));

        var result = await Sweep(recording).RunAsync(Context, CancellationToken.None);

        Assert.Equal(3, result.Opened);
        var (uids, folder) = Assert.Single(recording.Batches);
        Assert.Equal((3, SupportMailSettings.DefaultProcessed), (uids.Count, folder));
        Assert.Equal(uids.Order(), uids);
        Assert.Empty(await _dovecot.ReadFolderAsync("INBOX"));
        Assert.Equal(["Batch 1", "Batch 2", "Batch 3"], (await _dovecot.ReadFolderAsync(SupportMailSettings.DefaultProcessed)).Select(m => m.Subject).Order());
    }

    [Fact]
    public async Task RunAsync_CommitFailsMidRun_EarlierCommittedMailStillLeavesTheInbox_NextRunImportsTheRestOnce()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _dovecot.AppendAsync(Mail("alice@players.test", "tech@gamehost.test", $"Run {i}", Text($"Message {i}"), $"run{i}@players.test"));
        }

        var failSecond = new FailingCommit(failOnCommit: 2);

        await Assert.ThrowsAsync<MailImportStoreException>(() =>
            Sweep(contexts: new SqliteTestContextFactory(_data.Database, failSecond)).RunAsync(Context, CancellationToken.None));

        Assert.Equal(["Run 1"], (await _dovecot.ReadFolderAsync(SupportMailSettings.DefaultProcessed)).Select(m => m.Subject));
        Assert.Equal(["Run 2", "Run 3"], (await _dovecot.ReadFolderAsync("INBOX")).Select(m => m.Subject).Order());
        var retry = await Sweep().RunAsync(Context, CancellationToken.None);

        Assert.Equal((2, 0), (retry.Opened, retry.Duplicates));
        await using var db = _data.Database.NewContext();
        Assert.Equal(3, await db.Tickets().CountAsync());
        Assert.Equal(3, await db.SupportMailImports().CountAsync());
        Assert.Empty(await _dovecot.ReadFolderAsync("INBOX"));
    }

    private SupportMailImportSweep Sweep(IMailbox? mailbox = null, IDbContextFactory<GameHostDbContext>? contexts = null) => new(
        contexts ?? _data.Get<IDbContextFactory<GameHostDbContext>>(),
        mailbox ?? new MailKitMailbox(NullLogger<MailKitMailbox>.Instance),
        _protector,
        _data.Provider,
        _data.Get<AttachmentStore>(),
        _data.Get<TicketSignals>(),
        _data.Time,
        _data.Get<IOptions<SupportOptions>>(),
        NullLogger<SupportMailImportSweep>.Instance);

    private EmailDispatcher Dispatcher(int smtpPort) => new(
        _data.Database.NewContext(),
        new SmtpEmailTransport(
            Options.Create(new EmailSettings
            {
                FromAddress = NoReply,
                FromName = "PixelHost",
                Smtp = new SmtpSettings { Host = "127.0.0.1", Port = smtpPort, Security = SecureSocketOptions.None, TimeoutSeconds = 20 },
            }),
            _data.Time,
            NullLogger<SmtpEmailTransport>.Instance),
        _data.Time,
        Options.Create(new EmailDeliveryOptions()),
        NullLogger<EmailDispatcher>.Instance,
        _data.Get<IEmailAttachmentSource>());

    private static TextPart Text(string text) => new("plain") { Text = text };

    private static MimeEntity WithPng(string text)
    {
        var builder = new BodyBuilder { TextBody = text };
        builder.Attachments.Add("screenshot.png", Png, new ContentType("image", "png"));
        return builder.ToMessageBody();
    }

    private static MimeMessage Mail(string from, string to, string subject, MimeEntity body, string messageId)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = messageId;
        message.Body = body;
        return message;
    }

    /// <summary>Plays a run that stops right after saving, before the message leaves the inbox.</summary>
    private sealed class MoveFailsMailbox(IMailbox inner) : IMailbox
    {
        public async Task<IMailboxSession> OpenAsync(MailboxConnection connection, CancellationToken cancellationToken) =>
            new Session(await inner.OpenAsync(connection, cancellationToken));

        private sealed class Session(IMailboxSession inner) : IMailboxSession
        {
            public Task<IReadOnlyList<uint>> ListInboxAsync(CancellationToken cancellationToken) => inner.ListInboxAsync(cancellationToken);

            public Task<MailboxFetch> FetchAsync(uint uid, CancellationToken cancellationToken) => inner.FetchAsync(uid, cancellationToken);

            public Task MoveAsync(uint uid, string folder, CancellationToken cancellationToken) => throw new IOException("Connection lost");

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    /// <summary>Moves as the inner mailbox does, and records each batch the sweep asks for.</summary>
    private sealed class RecordingMailbox(IMailbox inner) : IMailbox
    {
        public List<(IReadOnlyList<uint> Uids, string Folder)> Batches { get; } = [];

        public async Task<IMailboxSession> OpenAsync(MailboxConnection connection, CancellationToken cancellationToken) =>
            new Session(await inner.OpenAsync(connection, cancellationToken), Batches);

        private sealed class Session(IMailboxSession inner, List<(IReadOnlyList<uint>, string)> batches) : IMailboxSession
        {
            public Task<IReadOnlyList<uint>> ListInboxAsync(CancellationToken cancellationToken) => inner.ListInboxAsync(cancellationToken);

            public Task<MailboxFetch> FetchAsync(uint uid, CancellationToken cancellationToken) => inner.FetchAsync(uid, cancellationToken);

            public Task MoveAsync(uint uid, string folder, CancellationToken cancellationToken) => inner.MoveAsync(uid, folder, cancellationToken);

            public Task MoveAsync(IReadOnlyList<uint> uids, string folder, CancellationToken cancellationToken)
            {
                batches.Add((uids.ToList(), folder));
                return inner.MoveAsync(uids, folder, cancellationToken);
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    /// <summary>Plays the database failing at one commit (a full disk, a power cut): by default the first commit throws.</summary>
    private sealed class FailingCommit(int failOnCommit = 1) : DbTransactionInterceptor
    {
        private int _commits;

        public int Failures { get; private set; }

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (++_commits == failOnCommit)
            {
                Failures++;
                throw new IOException("disk I/O error");
            }

            return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
        }
    }

    /// <summary>Every INSERT, UPDATE and DELETE sent, with the transaction it ran in (null: a statement on its own).</summary>
    private sealed class WriteRecorder : DbCommandInterceptor
    {
        public List<(string Sql, DbTransaction? Transaction)> Writes { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Record(DbCommand command)
        {
            var sql = command.CommandText;
            if (sql.Contains("INSERT INTO", StringComparison.Ordinal) || sql.Contains("UPDATE \"", StringComparison.Ordinal)
                || sql.Contains("DELETE FROM", StringComparison.Ordinal))
            {
                Writes.Add((sql, command.Transaction));
            }
        }
    }
}
