using System.Security.Cryptography;
using GameHost.Domain.Support.Mail;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;

namespace GameHost.App.Features.Support.Mail;

/// <summary>The support mailbox over IMAP with MailKit.</summary>
public sealed class MailKitMailbox(ILogger<MailKitMailbox> logger) : IMailbox
{
    /// <summary>How long one IMAP command may take before the run gives up (and the next run tries again).</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public async Task<IMailboxSession> OpenAsync(MailboxConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = new ImapClient { Timeout = (int)CommandTimeout.TotalMilliseconds };
        try
        {
            var security = connection.Security switch
            {
                MailboxSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                MailboxSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(connection.Host, connection.Port, security, cancellationToken);
            await client.AuthenticateAsync(connection.UserName, connection.Password, cancellationToken);
            var inbox = string.Equals(connection.InboxFolder, "INBOX", StringComparison.OrdinalIgnoreCase)
                ? client.Inbox
                : await client.GetFolderAsync(connection.InboxFolder, cancellationToken);
            await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            return new Session(client, inbox, logger);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Session(ImapClient client, IMailFolder inbox, ILogger logger) : IMailboxSession
    {
        private readonly Dictionary<string, IMailFolder> _folders = new(StringComparer.Ordinal);

        public async Task<IReadOnlyList<uint>> ListInboxAsync(CancellationToken cancellationToken)
        {
            var uids = await inbox.SearchAsync(SearchQuery.All, cancellationToken);
            return uids.Select(u => u.Id).Order().ToList();
        }

        public async Task<MailboxFetch> FetchAsync(uint uid, CancellationToken cancellationToken)
        {
            byte[] raw;
            using (var stream = await inbox.GetStreamAsync(new UniqueId(uid), "", cancellationToken))
            using (var buffer = new MemoryStream())
            {
                await stream.CopyToAsync(buffer, cancellationToken);
                raw = buffer.ToArray();
            }

            try
            {
                return new MailboxFetch(uid, MimeMailReader.Read(raw), null);
            }
#pragma warning disable CA1031 // One unreadable message is filed as failed; it must not stop the rest of the inbox.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Support mail UID {Uid} could not be read", uid);
                return new MailboxFetch(uid, null, $"{ex.GetType().Name}: {ex.Message}", Convert.ToHexStringLower(SHA256.HashData(raw)));
            }
        }

        public async Task MoveAsync(uint uid, string folder, CancellationToken cancellationToken)
        {
            var target = await FolderAsync(folder, cancellationToken);
            var id = new UniqueId(uid);
            if (client.Capabilities.HasFlag(ImapCapabilities.Move) || client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
            {
                await inbox.MoveToAsync(id, target, cancellationToken);
                return;
            }

            // Without MOVE or UIDPLUS: copy, flag deleted, expunge (the whole inbox's deleted messages, which are ours).
            await inbox.CopyToAsync(id, target, cancellationToken);
            await inbox.AddFlagsAsync(id, MessageFlags.Deleted, silent: true, cancellationToken);
            await inbox.ExpungeAsync(cancellationToken);
        }

        /// <summary>Several messages in one command (a UID set), where the server has MOVE or UIDPLUS.</summary>
        public async Task MoveAsync(IReadOnlyList<uint> uids, string folder, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(uids);
            if (uids.Count == 0)
            {
                return;
            }

            if (uids.Count == 1 || !(client.Capabilities.HasFlag(ImapCapabilities.Move) || client.Capabilities.HasFlag(ImapCapabilities.UidPlus)))
            {
                foreach (var uid in uids)
                {
                    await MoveAsync(uid, folder, cancellationToken);
                }

                return;
            }

            var target = await FolderAsync(folder, cancellationToken);
            await inbox.MoveToAsync(uids.Select(u => new UniqueId(u)).ToList(), target, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(true, quick.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ImapProtocolException or ImapCommandException)
            {
                logger.LogDebug(ex, "Support mailbox disconnect failed");
            }
            finally
            {
                client.Dispose();
            }
        }

        private async Task<IMailFolder> FolderAsync(string name, CancellationToken cancellationToken)
        {
            if (_folders.TryGetValue(name, out var known))
            {
                return known;
            }

            IMailFolder folder;
            try
            {
                // Settings name nested folders with '/'; the server may use another separator (Maildir++ uses '.').
                var root = client.GetFolder(client.PersonalNamespaces[0]);
                var serverSeparator = root.DirectorySeparator == '\0' ? '/' : root.DirectorySeparator;
                folder = await client.GetFolderAsync(name.Replace('/', serverSeparator), cancellationToken)
                    ?? throw new FolderNotFoundException(name);
            }
            catch (FolderNotFoundException)
            {
                folder = await CreateAsync(name, cancellationToken);
            }

            _folders[name] = folder;
            return folder;
        }

        /// <summary>Creates the folder level by level ("Support/Processed" makes "Support" first when needed).</summary>
        private async Task<IMailFolder> CreateAsync(string name, CancellationToken cancellationToken)
        {
            var parent = client.GetFolder(client.PersonalNamespaces[0]);
            var separator = parent.DirectorySeparator == '\0' ? '/' : parent.DirectorySeparator;
            var path = "";
            foreach (var level in name.Split(['/', separator], StringSplitOptions.RemoveEmptyEntries))
            {
                path = path.Length == 0 ? level : path + separator + level;
                var children = await parent.GetSubfoldersAsync(false, cancellationToken);
                var existing = children.FirstOrDefault(f => string.Equals(f.Name, level, StringComparison.Ordinal));
                if (existing is not null)
                {
                    parent = existing;
                    continue;
                }

                try
                {
                    parent = await parent.CreateAsync(level, isMessageFolder: true, cancellationToken)
                        ?? throw new FolderNotFoundException(name);
                }
                catch (ImapCommandException)
                {
                    // Another run created it in the meantime.
                    parent = await client.GetFolderAsync(path, cancellationToken)
                        ?? throw new FolderNotFoundException(name);
                }
            }

            return parent;
        }
    }
}
