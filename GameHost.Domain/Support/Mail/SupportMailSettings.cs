namespace GameHost.Domain.Support.Mail;

/// <summary>What the import does with mail from an address that belongs to no customer.</summary>
public enum UnknownSenderPolicy
{
    /// <summary>Answer once, politely, that support is for customers (with where to sign up); no ticket.</summary>
    Refuse = 0,

    /// <summary>No answer and no ticket: the mail stays in the processed folder and the import log for staff.</summary>
    KeepForStaff = 1,

    /// <summary>A guest ticket: it belongs to no account, staff see it in the queue and answer it by e-mail.</summary>
    GuestTicket = 2,
}

/// <summary>
/// The support mailbox the import job reads (a single row, <see cref="SingletonId"/>): how to reach it, which folders
/// take processed, failed and machine-written mail, what to do with strangers, and how the last run went.
/// </summary>
public sealed class SupportMailSettings
{
    public const int SingletonId = 1;

    public const string DefaultInbox = "INBOX";

    public const string DefaultProcessed = "Processed";

    public const string DefaultFailed = "Failed";

    public const string DefaultAutoReplies = "Auto-replies";

    public int Id { get; set; } = SingletonId;

    /// <summary>Off: the job does nothing (the mailbox may still be configured and tested).</summary>
    public bool Enabled { get; set; }

    public string Host { get; set; } = "";

    public int Port { get; set; } = 993;

    public MailboxSecurity Security { get; set; } = MailboxSecurity.SslOnConnect;

    public string UserName { get; set; } = "";

    /// <summary>
    /// The address ticket mail answers to when the ticket's department has none of its own, before the login (which
    /// some providers make a plain user name): an address this mailbox receives, or null.
    /// </summary>
    public string? ReplyAddress { get; set; }

    /// <summary>The password as <see cref="Common.ISecretProtector"/> protected it; never the password itself.</summary>
    public string ProtectedPassword { get; set; } = "";

    public string InboxFolder { get; set; } = DefaultInbox;

    public string ProcessedFolder { get; set; } = DefaultProcessed;

    public string FailedFolder { get; set; } = DefaultFailed;

    /// <summary>Where auto-replies and bounces are filed (never answered).</summary>
    public string AutoReplyFolder { get; set; } = DefaultAutoReplies;

    public UnknownSenderPolicy UnknownSenders { get; set; } = UnknownSenderPolicy.Refuse;

    public DateTime? UpdatedAtUtc { get; set; }

    public DateTime? LastRunAtUtc { get; set; }

    public bool? LastRunSucceeded { get; set; }

    /// <summary>The last run's counts, or what stopped it.</summary>
    public string? LastRunDetail { get; set; }

    public int Version { get; set; }

    public bool IsConfigured => Host.Length > 0 && UserName.Length > 0 && ProtectedPassword.Length > 0;
}

/// <summary>What became of one imported e-mail. Stored by name.</summary>
public enum MailImportOutcome
{
    /// <summary>Opened a new ticket.</summary>
    Opened = 0,

    /// <summary>Added to an existing ticket.</summary>
    Threaded = 1,

    /// <summary>An unknown sender was answered with the polite refusal.</summary>
    Refused = 2,

    /// <summary>An auto-reply or bounce, filed unanswered.</summary>
    AutoReply = 3,

    /// <summary>Could not be read or imported; moved to the failed folder for staff.</summary>
    Failed = 4,

    /// <summary>Not answered and no ticket: an unknown sender under the guest policy off, or one already refused today.</summary>
    Ignored = 5,

    /// <summary>Claimed by a run that is importing it (or stopped while doing so; the next run completes it).</summary>
    Pending = 6,
}

/// <summary>
/// The import's log, one row per distinct e-mail (unique <see cref="MessageKey"/>: the Message-ID, or a hash of the
/// raw message when it has none). It is written in the same save as the ticket change the mail caused, so a message
/// seen again — delivered twice, or left in the inbox by a run that stopped between saving and moving — changes
/// nothing the second time.
/// </summary>
public sealed class SupportMailImport
{
    public const int MaxKeyLength = 300;

    public const int MaxDetailLength = 1000;

    public Guid Id { get; set; }

    public string MessageKey { get; set; } = "";

    public MailImportOutcome Outcome { get; set; }

    public string? FromAddress { get; set; }

    public string Subject { get; set; } = "";

    public Guid? TicketId { get; set; }

    public Guid? TicketMessageId { get; set; }

    /// <summary>Why it failed or was ignored, or which attachments were refused.</summary>
    public string? Detail { get; set; }

    public DateTime ImportedAtUtc { get; set; }
}
