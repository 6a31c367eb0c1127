using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Mail.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.Mail;

/// <summary>The mailbox settings as a page shows them: the password never, only whether one is stored.</summary>
public sealed record SupportMailSettingsView(
    bool Enabled,
    string Host,
    int Port,
    MailboxSecurity Security,
    string UserName,
    bool HasPassword,
    string InboxFolder,
    string ProcessedFolder,
    string FailedFolder,
    string AutoReplyFolder,
    UnknownSenderPolicy UnknownSenders,
    DateTime? LastRunAtUtc,
    bool? LastRunSucceeded,
    string? LastRunDetail,
    int Version)
{
    /// <summary>Where ticket mail answers when a department has no address of its own; null: the login, when it is an address.</summary>
    public string? ReplyAddress { get; init; }
}

/// <summary>What staff submit. A blank password keeps the stored one.</summary>
public sealed record SupportMailSettingsInput(
    bool Enabled,
    string? Host,
    int Port,
    MailboxSecurity Security,
    string? UserName,
    string? Password,
    string? InboxFolder,
    string? ProcessedFolder,
    string? FailedFolder,
    string? AutoReplyFolder,
    UnknownSenderPolicy UnknownSenders)
{
    /// <summary>Where ticket mail answers when a department has no address of its own; blank: the login, when it is an address.</summary>
    public string? ReplyAddress { get; init; }
}

/// <summary>A recent imported e-mail for the settings page.</summary>
public sealed record MailImportView(DateTime ImportedAtUtc, string? FromAddress, string Subject, MailImportOutcome Outcome, Guid? TicketId, string? Detail);

/// <summary>Stable codes for what the mailbox settings refuse; the page words them (SupportMailText).</summary>
public static class SupportMailErrors
{
    public const string NotAdmin = "support_mail.not_admin";
    public const string HostInvalid = "support_mail.host_invalid";
    public const string PortInvalid = "support_mail.port_invalid";
    public const string SecurityInvalid = "support_mail.security_invalid";
    public const string UserRequired = "support_mail.user_required";
    public const string PasswordRequired = "support_mail.password_required";
    public const string FolderInvalid = "support_mail.folder_invalid";
    public const string FoldersClash = "support_mail.folders_clash";
    public const string PolicyInvalid = "support_mail.policy_invalid";
    public const string ReplyAddressInvalid = "support_mail.reply_address_invalid";
    public const string NotConfigured = "support_mail.not_configured";
    public const string PasswordUnreadable = "support_mail.password_unreadable";
    public const string ConnectionFailed = "support_mail.connection_failed";
}

/// <summary>
/// Administrators connect the support mailbox: server, security, account (the password kept through
/// <see cref="ISecretProtector"/>), folder names and what strangers get. Saving is audited without the password;
/// "test" logs in and counts the inbox, so a wrong setting shows at once rather than in the job log.
/// </summary>
public sealed class SupportMailSettingsAdmin(
    IDbContextFactory<GameHostDbContext> dbFactory,
    ISecretProtector protector,
    IMailbox mailbox,
    AuditLog audit,
    TimeProvider time)
{
    public const int MaxFolderLength = 200;

    public async Task<SupportMailSettingsView> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var s = await db.SupportMailSettings().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new SupportMailSettings();
        return new SupportMailSettingsView(
            s.Enabled, s.Host, s.Port, s.Security, s.UserName, s.ProtectedPassword.Length > 0,
            s.InboxFolder, s.ProcessedFolder, s.FailedFolder, s.AutoReplyFolder, s.UnknownSenders,
            s.LastRunAtUtc, s.LastRunSucceeded, s.LastRunDetail, s.Version)
        {
            ReplyAddress = s.ReplyAddress,
        };
    }

    public async Task<IReadOnlyList<MailImportView>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SupportMailImports().AsNoTracking()
            .OrderByDescending(i => i.ImportedAtUtc)
            .Take(Math.Clamp(count, 1, 200))
            .Select(i => new MailImportView(i.ImportedAtUtc, i.FromAddress, i.Subject, i.Outcome, i.TicketId, i.Detail))
            .ToListAsync(cancellationToken);
    }

    public async Task<Result> SaveAsync(Guid staffUserId, SupportMailSettingsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var host = (input.Host ?? "").Trim();
        var user = (input.UserName ?? "").Trim();
        var replyAddress = (input.ReplyAddress ?? "").Trim();
        var password = input.Password ?? "";
        var inbox = Folder(input.InboxFolder, SupportMailSettings.DefaultInbox);
        var processed = Folder(input.ProcessedFolder, SupportMailSettings.DefaultProcessed);
        var failed = Folder(input.FailedFolder, SupportMailSettings.DefaultFailed);
        var autoReplies = Folder(input.AutoReplyFolder, SupportMailSettings.DefaultAutoReplies);

        var errors = new List<Error>();
        if (host.Length > 0 && (host.Length > 253 || Uri.CheckHostName(host) == UriHostNameType.Unknown))
        {
            errors.Add(Error.Validation("Host", SupportMailErrors.HostInvalid, "Enter the mail server's host name, e.g. imap.example.com."));
        }

        if (input.Enabled && host.Length == 0)
        {
            errors.Add(Error.Validation("Host", SupportMailErrors.HostInvalid, "Enter the mail server's host name to switch the import on."));
        }

        if (input.Port is < 1 or > 65535)
        {
            errors.Add(Error.Validation("Port", SupportMailErrors.PortInvalid, "Enter a port between 1 and 65535 (usually 993 for TLS, 143 for STARTTLS)."));
        }

        if (!Enum.IsDefined(input.Security))
        {
            errors.Add(Error.Validation("Security", SupportMailErrors.SecurityInvalid, "Choose how the connection is secured."));
        }

        if (user.Length > 320 || (input.Enabled && user.Length == 0))
        {
            errors.Add(Error.Validation("UserName", SupportMailErrors.UserRequired, "Enter the mailbox's user name (at most 320 characters)."));
        }

        // Customers answer to it: anything but one plain address would lose their answers.
        if (replyAddress.Length > 0 && TicketMail.AddressOrNull(replyAddress) is null)
        {
            errors.Add(Error.Validation("ReplyAddress", SupportMailErrors.ReplyAddressInvalid, "Enter one e-mail address this mailbox receives, e.g. support@example.com, or leave it blank."));
        }

        if (password.Length > 500)
        {
            errors.Add(Error.Validation("Password", SupportMailErrors.PasswordRequired, "The password may be at most 500 characters."));
        }

        foreach (var (field, value) in new[] { ("InboxFolder", inbox), ("ProcessedFolder", processed), ("FailedFolder", failed), ("AutoReplyFolder", autoReplies) })
        {
            if (value is null)
            {
                errors.Add(Error.Validation(field, SupportMailErrors.FolderInvalid, $"A folder name has 1–{MaxFolderLength} characters, without control characters, * or %."));
            }
        }

        if (inbox is not null && new[] { processed, failed, autoReplies }.Any(f => string.Equals(f, inbox, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(Error.Validation("ProcessedFolder", SupportMailErrors.FoldersClash, "Processed, failed and auto-reply mail must go to folders other than the inbox."));
        }

        if (!Enum.IsDefined(input.UnknownSenders))
        {
            errors.Add(Error.Validation("UnknownSenders", SupportMailErrors.PolicyInvalid, "Choose what unknown senders get."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffUserId, [Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return new Error(SupportMailErrors.NotAdmin, "Only administrators can change the support mailbox.");
        }

        var settings = await db.SupportMailSettings().FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new SupportMailSettings();
            db.SupportMailSettings().Add(settings);
        }

        if (input.Enabled && password.Length == 0 && settings.ProtectedPassword.Length == 0)
        {
            errors.Add(Error.Validation("Password", SupportMailErrors.PasswordRequired, "Enter the mailbox password to switch the import on."));
        }

        if (errors.Count > 0)
        {
            return errors[0] with { Related = errors };
        }

        var before = Snapshot(settings);
        settings.Enabled = input.Enabled;
        settings.Host = host;
        settings.Port = input.Port;
        settings.Security = input.Security;
        settings.UserName = user;
        settings.ReplyAddress = replyAddress.Length == 0 ? null : replyAddress;
        if (password.Length > 0)
        {
            settings.ProtectedPassword = protector.Protect(password);
        }

        settings.InboxFolder = inbox!;
        settings.ProcessedFolder = processed!;
        settings.FailedFolder = failed!;
        settings.AutoReplyFolder = autoReplies!;
        settings.UnknownSenders = input.UnknownSenders;
        settings.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        settings.Version++;
        audit.Record(db, actor, "support.mailbox_settings_saved", "SupportMailSettings", "mailbox", before,
            new { after = Snapshot(settings), passwordChanged = password.Length > 0 });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Error(SupportErrors.Changed, "Someone else saved the settings meanwhile; reload and try again.");
        }

        return Result.Success();
    }

    /// <summary>Logs in with the stored settings and counts the inbox.</summary>
    public async Task<Result<int>> TestAsync(Guid staffUserId, CancellationToken cancellationToken)
    {
        SupportMailSettings? settings;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await StaffActors.FindAsync(db, staffUserId, [Roles.Admin], cancellationToken) is null)
            {
                return new Error(SupportMailErrors.NotAdmin, "Only administrators can change the support mailbox.");
            }

            settings = await db.SupportMailSettings().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        }

        if (settings is null || !settings.IsConfigured)
        {
            return new Error(SupportMailErrors.NotConfigured, "Save the server, user name and password first.");
        }

        var password = protector.Unprotect(settings.ProtectedPassword);
        if (password is null)
        {
            return new Error(SupportMailErrors.PasswordUnreadable, "The stored password cannot be read any more; enter it again.");
        }

        try
        {
            await using var session = await mailbox.OpenAsync(
                new MailboxConnection(settings.Host, settings.Port, settings.Security, settings.UserName, password, settings.InboxFolder), cancellationToken);
            var uids = await session.ListInboxAsync(cancellationToken);
            return uids.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Error(SupportMailErrors.ConnectionFailed, $"{ex.GetType().Name}: {ex.Message}") { Details = [ex.Message] };
        }
    }

    private static object Snapshot(SupportMailSettings s) => new
    {
        s.Enabled, s.Host, s.Port, Security = s.Security.ToString(), s.UserName, s.ReplyAddress,
        s.InboxFolder, s.ProcessedFolder, s.FailedFolder, s.AutoReplyFolder, UnknownSenders = s.UnknownSenders.ToString(),
    };

    /// <summary>The trimmed name, the default when blank, or null when it cannot be a folder name.</summary>
    private static string? Folder(string? name, string fallback)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
        {
            return fallback;
        }

        return trimmed.Length > MaxFolderLength || trimmed.Any(c => char.IsControl(c) || c is '*' or '%') ? null : trimmed;
    }
}
