using GameHost.Domain.Audit;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Mail;
using GameHost.Domain.Support.Mail.Persistence;
using GameHost.Tests.Domain.Provisioning.Settings;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support.Mail;

/// <summary>The mailbox settings over migrated SQLite: validation at the fields, the password kept, audit, test login.</summary>
public sealed class SupportMailSettingsAdminTests : IDisposable
{
    private readonly SupportTestData _data = new();
    private readonly FakeSecretProtector _protector = new();
    private readonly ScriptedMailbox _mailbox = new();

    public void Dispose() => _data.Dispose();

    private SupportMailSettingsAdmin Admin() => new(
        _data.Get<IDbContextFactory<GameHostDbContext>>(), _protector, _mailbox, _data.Get<AuditLog>(), _data.Time);

    private static SupportMailSettingsInput Valid(string? password = "s3cret", UnknownSenderPolicy policy = UnknownSenderPolicy.GuestTicket) => new(
        true, " imap.gamehost.test ", 993, MailboxSecurity.SslOnConnect, " help@gamehost.test ", password, "", "Done", null, "Robots", policy);

    [Fact]
    public async Task SaveAsync_Valid_StoresTrimmedSettingsWithProtectedPasswordAndDefaultsForBlankFolders()
    {
        var result = await Admin().SaveAsync(_data.AdminId, Valid(), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        await using var db = _data.NewContext();
        var stored = await db.SupportMailSettings().SingleAsync();
        Assert.Equal(("imap.gamehost.test", "help@gamehost.test"), (stored.Host, stored.UserName));
        Assert.NotEqual("s3cret", stored.ProtectedPassword);
        Assert.Equal("s3cret", _protector.Unprotect(stored.ProtectedPassword));
        Assert.Equal((SupportMailSettings.DefaultInbox, "Done", SupportMailSettings.DefaultFailed, "Robots"),
            (stored.InboxFolder, stored.ProcessedFolder, stored.FailedFolder, stored.AutoReplyFolder));
        Assert.Equal(UnknownSenderPolicy.GuestTicket, stored.UnknownSenders);
        var view = await Admin().GetAsync(CancellationToken.None);
        Assert.True(view.HasPassword);
    }

    [Fact]
    public async Task SaveAsync_BlankPassword_KeepsTheStoredOne()
    {
        await Admin().SaveAsync(_data.AdminId, Valid(), CancellationToken.None);

        var again = await Admin().SaveAsync(_data.AdminId, Valid(password: "", policy: UnknownSenderPolicy.Refuse), CancellationToken.None);

        Assert.True(again.IsSuccess, again.Error?.Code);
        await using var db = _data.NewContext();
        var stored = await db.SupportMailSettings().SingleAsync();
        Assert.Equal("s3cret", _protector.Unprotect(stored.ProtectedPassword));
        Assert.Equal(UnknownSenderPolicy.Refuse, stored.UnknownSenders);
    }

    [Fact]
    public async Task SaveAsync_SwitchedOnWithoutHostUserOrPassword_ReportsEachFieldAndSavesNothing()
    {
        var result = await Admin().SaveAsync(_data.AdminId,
            new SupportMailSettingsInput(true, "", 0, (MailboxSecurity)42, "", "", "INBOX", "inbox", "Failed", "Auto-replies", (UnknownSenderPolicy)9),
            CancellationToken.None);

        Assert.False(result.IsSuccess);
        var codes = result.Error!.Related!.Select(e => (e.Field, e.Code)).ToList();
        Assert.Contains(("Host", SupportMailErrors.HostInvalid), codes);
        Assert.Contains(("Port", SupportMailErrors.PortInvalid), codes);
        Assert.Contains(("Security", SupportMailErrors.SecurityInvalid), codes);
        Assert.Contains(("UserName", SupportMailErrors.UserRequired), codes);
        Assert.Contains(("Password", SupportMailErrors.PasswordRequired), codes);
        Assert.Contains(("ProcessedFolder", SupportMailErrors.FoldersClash), codes);
        Assert.Contains(("UnknownSenders", SupportMailErrors.PolicyInvalid), codes);
        await using var db = _data.NewContext();
        Assert.False(await db.SupportMailSettings().AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync());
    }

    [Theory]
    [InlineData("not a host!")]
    [InlineData("imap.example.com/inbox")]
    public async Task SaveAsync_MalformedHost_IsRefusedAtTheField(string host)
    {
        var result = await Admin().SaveAsync(_data.AdminId, Valid() with { Host = host }, CancellationToken.None);

        Assert.Equal(("Host", SupportMailErrors.HostInvalid), (result.Error?.Field, result.Error?.Code));
    }

    [Fact]
    public async Task SaveAsync_FolderWithWildcard_IsRefused()
    {
        var result = await Admin().SaveAsync(_data.AdminId, Valid() with { FailedFolder = "Fail*" }, CancellationToken.None);

        Assert.Equal(("FailedFolder", SupportMailErrors.FolderInvalid), (result.Error?.Field, result.Error?.Code));
    }

    [Fact]
    public async Task SaveAsync_NotAnAdmin_IsRefused()
    {
        var result = await Admin().SaveAsync(_data.SupportId, Valid(), CancellationToken.None);

        Assert.Equal(SupportMailErrors.NotAdmin, result.Error?.Code);
        await using var db = _data.NewContext();
        Assert.False(await db.SupportMailSettings().AnyAsync());
    }

    [Fact]
    public async Task SaveAsync_ReplyAddress_IsStoredTrimmedShownAndAudited_BlankClearsIt()
    {
        await Admin().SaveAsync(_data.AdminId, Valid(), CancellationToken.None);

        var result = await Admin().SaveAsync(_data.AdminId, Valid(password: "") with { ReplyAddress = " support@gamehost.test " }, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal("support@gamehost.test", (await Admin().GetAsync(CancellationToken.None)).ReplyAddress);
        await using (var db = _data.NewContext())
        {
            var entry = await db.AuditEntries.Where(a => a.Action == "support.mailbox_settings_saved").OrderBy(a => a.Id).LastAsync();
            Assert.Contains("\"replyAddress\":null", entry.BeforeJson, StringComparison.Ordinal);
            Assert.Contains("\"replyAddress\":\"support@gamehost.test\"", entry.AfterJson, StringComparison.Ordinal);
        }

        Assert.True((await Admin().SaveAsync(_data.AdminId, Valid(password: "") with { ReplyAddress = "  " }, CancellationToken.None)).IsSuccess);
        await using var check = _data.NewContext();
        Assert.Null((await check.SupportMailSettings().SingleAsync()).ReplyAddress);
    }

    [Theory]
    [InlineData("support")]
    [InlineData("Support <support@gamehost.test>")]
    [InlineData("a@gamehost.test, b@gamehost.test")]
    [InlineData("support@localhost")]
    public async Task SaveAsync_ReplyAddressNotOnePlainAddress_IsRefusedAtTheFieldAndSavesNothing(string replyAddress)
    {
        var result = await Admin().SaveAsync(_data.AdminId, Valid() with { ReplyAddress = replyAddress }, CancellationToken.None);

        Assert.Equal(("ReplyAddress", SupportMailErrors.ReplyAddressInvalid), (result.Error?.Field, result.Error?.Code));
        await using var db = _data.NewContext();
        Assert.False(await db.SupportMailSettings().AnyAsync());
    }

    [Fact]
    public async Task SaveAsync_IsAuditedWithoutThePassword()
    {
        await Admin().SaveAsync(_data.AdminId, Valid(), CancellationToken.None);
        await Admin().SaveAsync(_data.AdminId, Valid(password: "") with { Port = 143, Security = MailboxSecurity.StartTls }, CancellationToken.None);

        await using var db = _data.NewContext();
        var entries = await db.AuditEntries.Where(a => a.Action == "support.mailbox_settings_saved").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(_data.AdminId, e.ActorUserId));
        Assert.All(entries, e => Assert.DoesNotContain("s3cret", (e.BeforeJson ?? "") + e.AfterJson, StringComparison.Ordinal));
        Assert.Contains("\"passwordChanged\":true", entries[0].AfterJson, StringComparison.Ordinal);
        Assert.Contains("\"passwordChanged\":false", entries[1].AfterJson, StringComparison.Ordinal);
        Assert.Contains("993", entries[1].BeforeJson, StringComparison.Ordinal);
        Assert.Contains("143", entries[1].AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAsync_LogsInWithTheStoredPasswordAndCountsTheInbox()
    {
        await Admin().SaveAsync(_data.AdminId, Valid(), CancellationToken.None);
        _mailbox.Inbox = [1, 2, 3];

        var result = await Admin().TestAsync(_data.AdminId, CancellationToken.None);

        Assert.Equal(3, result.Value);
        var connection = Assert.Single(_mailbox.Connections);
        Assert.Equal(("imap.gamehost.test", "help@gamehost.test", "s3cret"), (connection.Host, connection.UserName, connection.Password));
    }

    [Fact]
    public async Task TestAsync_NothingSavedOrPasswordUnreadableOrServerDown_SaysWhich()
    {
        Assert.Equal(SupportMailErrors.NotConfigured, (await Admin().TestAsync(_data.AdminId, CancellationToken.None)).Error?.Code);

        await Admin().SaveAsync(_data.AdminId, Valid(), CancellationToken.None);
        _mailbox.Failure = new IOException("Connection refused");
        var down = await Admin().TestAsync(_data.AdminId, CancellationToken.None);
        _protector.KeyRingLost = true;
        var unreadable = await Admin().TestAsync(_data.AdminId, CancellationToken.None);

        Assert.Equal(SupportMailErrors.ConnectionFailed, down.Error?.Code);
        Assert.Contains("Connection refused", down.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(SupportMailErrors.PasswordUnreadable, unreadable.Error?.Code);
    }

    /// <summary>A mailbox that records the logins and answers with a fixed inbox, or fails.</summary>
    private sealed class ScriptedMailbox : IMailbox
    {
        public List<MailboxConnection> Connections { get; } = [];

        public IReadOnlyList<uint> Inbox { get; set; } = [];

        public Exception? Failure { get; set; }

        public Task<IMailboxSession> OpenAsync(MailboxConnection connection, CancellationToken cancellationToken)
        {
            Connections.Add(connection);
            return Failure is null ? Task.FromResult<IMailboxSession>(new Session(Inbox)) : Task.FromException<IMailboxSession>(Failure);
        }

        private sealed class Session(IReadOnlyList<uint> inbox) : IMailboxSession
        {
            public Task<IReadOnlyList<uint>> ListInboxAsync(CancellationToken cancellationToken) => Task.FromResult(inbox);

            public Task<MailboxFetch> FetchAsync(uint uid, CancellationToken cancellationToken) => throw new NotSupportedException();

            public Task MoveAsync(uint uid, string folder, CancellationToken cancellationToken) => throw new NotSupportedException();

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
