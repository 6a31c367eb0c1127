namespace GameHost.Domain.Support.Mail;

/// <summary>
/// Port: the support mailbox (IMAP). The App's adapter implements it with MailKit. A session reads the inbox in UID
/// order and moves messages to other folders (creating them when missing); the import sweep decides what goes where.
/// </summary>
public interface IMailbox
{
    Task<IMailboxSession> OpenAsync(MailboxConnection connection, CancellationToken cancellationToken);
}

/// <summary>An open, logged-in connection with the inbox selected.</summary>
public interface IMailboxSession : IAsyncDisposable
{
    /// <summary>The UIDs of the inbox's messages, lowest (oldest) first.</summary>
    Task<IReadOnlyList<uint>> ListInboxAsync(CancellationToken cancellationToken);

    /// <summary>One message; a message the adapter cannot read comes back with <see cref="MailboxFetch.Problem"/> set, never as an exception.</summary>
    Task<MailboxFetch> FetchAsync(uint uid, CancellationToken cancellationToken);

    /// <summary>Moves the message out of the inbox into <paramref name="folder"/>, creating the folder if it is missing.</summary>
    Task MoveAsync(uint uid, string folder, CancellationToken cancellationToken);

    /// <summary>
    /// Moves several messages into <paramref name="folder"/>; an adapter that can do it in one command overrides this
    /// (by default they move one by one).
    /// </summary>
    async Task MoveAsync(IReadOnlyList<uint> uids, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        foreach (var uid in uids)
        {
            await MoveAsync(uid, folder, cancellationToken);
        }
    }
}

/// <summary>What the adapter got for one UID: the mail, or why it could not be read (the sweep files it as failed).</summary>
/// <param name="RawSha256">Hex SHA-256 of the raw bytes, when they could be read: the id of an unreadable message.</param>
public sealed record MailboxFetch(uint Uid, InboundMail? Mail, string? Problem, string? RawSha256 = null);

/// <summary>How to reach the mailbox; the password is already unprotected.</summary>
public sealed record MailboxConnection(
    string Host,
    int Port,
    MailboxSecurity Security,
    string UserName,
    string Password,
    string InboxFolder);

/// <summary>How the connection is secured. Stored by name.</summary>
public enum MailboxSecurity
{
    /// <summary>TLS from the first byte (IMAPS, usually port 993).</summary>
    SslOnConnect = 0,

    /// <summary>Plain connection upgraded with STARTTLS (usually port 143); refused if the server cannot.</summary>
    StartTls = 1,

    /// <summary>No encryption: only for a server on the same machine or a trusted network.</summary>
    None = 2,
}
