using GameHost.App.Features.Support.Mail;
using GameHost.Domain.Support.Mail;
using GameHost.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace GameHost.Tests.App.Features.Support.Mail;

/// <summary>The MailKit adapter against a real Dovecot started for this class.</summary>
public sealed class MailKitMailboxTests : IAsyncLifetime
{
    private DovecotServer _dovecot = null!;

    public async Task InitializeAsync() => _dovecot = await DovecotServer.StartAsync();

    public async Task DisposeAsync() => await _dovecot.DisposeAsync();

    [Fact]
    public async Task Session_ListFetchMove_ReadsInUidOrderAndMovesIntoACreatedFolder()
    {
        await _dovecot.AppendAsync(Message("first", "one@example.com"));
        await _dovecot.AppendAsync(Message("second", "two@example.com"));

        await using (var session = await Open())
        {
            var uids = await session.ListInboxAsync(CancellationToken.None);
            Assert.Equal(2, uids.Count);
            Assert.True(uids[0] < uids[1]);

            var first = await session.FetchAsync(uids[0], CancellationToken.None);
            Assert.Null(first.Problem);
            Assert.Equal("first", first.Mail!.Subject);
            Assert.Equal("one@example.com", first.Mail.MessageId);

            await session.MoveAsync(uids[0], "Support/Processed", CancellationToken.None);
        }

        var inbox = await _dovecot.ReadFolderAsync("INBOX");
        var processed = await _dovecot.ReadFolderAsync("Support/Processed");
        Assert.Equal(["second"], inbox.Select(m => m.Subject));
        Assert.Equal(["first"], processed.Select(m => m.Subject));
    }

    [Fact]
    public async Task Open_WrongPassword_Throws()
    {
        var mailbox = new MailKitMailbox(NullLogger<MailKitMailbox>.Instance);

        await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(() => mailbox.OpenAsync(
            new MailboxConnection(_dovecot.Host, _dovecot.Port, MailboxSecurity.None, _dovecot.User, "wrong", "INBOX"),
            CancellationToken.None));
    }

    private Task<IMailboxSession> Open() => new MailKitMailbox(NullLogger<MailKitMailbox>.Instance).OpenAsync(
        new MailboxConnection(_dovecot.Host, _dovecot.Port, MailboxSecurity.None, _dovecot.User, _dovecot.Password, "INBOX"),
        CancellationToken.None);

    private static MimeMessage Message(string subject, string id)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("ana@example.com"));
        message.To.Add(MailboxAddress.Parse("support@host.example"));
        message.Subject = subject;
        message.MessageId = id;
        message.Body = new TextPart("plain") { Text = subject };
        return message;
    }
}
