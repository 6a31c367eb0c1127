using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// A private Dovecot IMAP server for one test class (or one benchmark run): its own configuration, passwd-file user,
/// maildir and runtime folder in a temporary directory, listening on 127.0.0.1 at a free port, started as a child
/// process (<c>dovecot -F -c …</c>) and stopped on dispose. It never touches a system-wide Dovecot. Messages are put
/// in with IMAP APPEND, like a mail server delivering them.
/// </summary>
/// <remarks>
/// Dovecot refuses to run its login and mail processes as root, so under root the stock <c>dovenull</c> and
/// <c>dovecot</c> users (created by the Debian package) take those roles and the mail folder is made writable for
/// them; as any other user, that user plays every role.
/// </remarks>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string UserName = "support";

    private static readonly string[] Candidates = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"];

    private readonly Process _process;
    private readonly string _root;

    private DovecotServer(Process process, string root, int port, string password)
    {
        _process = process;
        _root = root;
        Port = port;
        Password = password;
    }

#pragma warning disable CA1822 // Instance members: a test reads them off the server it started.
    public string Host => "127.0.0.1";

    public int Port { get; }

    public string User => UserName;
#pragma warning restore CA1822

    public string Password { get; }

    public string LogPath => Path.Combine(_root, "dovecot.log");

    /// <summary>The Dovecot binary, or null when it is not installed.</summary>
    public static string? FindBinary() => Candidates.FirstOrDefault(File.Exists)
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "dovecot"))
            .FirstOrDefault(File.Exists);

    public static async Task<DovecotServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "Dovecot is not installed, so the IMAP tests cannot run. Install it with `apt-get install -y dovecot-imapd` "
            + "(.ci/run does this before the tests).");

        var root = Directory.CreateTempSubdirectory("gamehost-dovecot-").FullName;
        var mail = Path.Combine(root, "mail");
        var run = Path.Combine(root, "run");
        var state = Path.Combine(root, "state");
        foreach (var dir in new[] { mail, run, state })
        {
            Directory.CreateDirectory(dir);
        }

        var isRoot = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            if (isRoot)
            {
                File.SetUnixFileMode(mail, (UnixFileMode)0x1FF); // 0777: the mail processes run as the dovecot user.
            }
        }

        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var users = Path.Combine(root, "users");
        await File.WriteAllTextAsync(users, $"{UserName}:{{PLAIN}}{password}::::::\n", cancellationToken);

        var port = FreePort();
        var me = Environment.UserName;
        var (internalUser, loginUser, mailUser) = isRoot ? ("dovecot", "dovenull", "dovecot") : (me, me, me);
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{run}}
            instance_name = gamehost-test-{{port}}
            state_dir = {{state}}
            log_path = {{Path.Combine(root, "dovecot.log")}}
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_internal_user = {{internalUser}}
            default_internal_group = {{internalUser}}
            default_login_user = {{loginUser}}
            first_valid_uid = 1
            mail_location = maildir:{{mail}}/%u
            mail_uid = {{mailUser}}
            mail_gid = {{mailUser}}
            mail_fsync = never
            passdb {
              driver = passwd-file
              args = scheme=PLAIN {{users}}
            }
            userdb {
              driver = static
              args = uid={{mailUser}} gid={{mailUser}} home={{mail}}/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
              chroot =
            }
            service anvil {
              chroot =
            }
            """);
        var configPath = Path.Combine(root, "dovecot.conf");
        await File.WriteAllTextAsync(configPath, config, cancellationToken);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-F");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(configPath);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Dovecot did not start.");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var server = new DovecotServer(process, root, port, password);
        try
        {
            await server.WaitUntilServingAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            var log = File.Exists(server.LogPath) ? await File.ReadAllTextAsync(server.LogPath, CancellationToken.None) : "";
            string output;
            lock (errors)
            {
                output = errors.ToString();
            }

            await server.DisposeAsync();
            throw new InvalidOperationException($"Dovecot did not start serving IMAP on port {port}: {ex.Message}\n{output}\n{log}", ex);
        }

        return server;
    }

    /// <summary>A logged-in client; the caller disposes it.</summary>
    public async Task<ImapClient> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var client = new ImapClient();
        await client.ConnectAsync(Host, Port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(User, Password, cancellationToken);
        return client;
    }

    /// <summary>Delivers <paramref name="message"/> into <paramref name="folder"/> (INBOX by default) with IMAP APPEND.</summary>
    public async Task AppendAsync(MimeMessage message, string folder = "INBOX", CancellationToken cancellationToken = default)
    {
        using var client = await ConnectAsync(cancellationToken);
        var target = await client.GetFolderAsync(folder, cancellationToken);
        await target.AppendAsync(message, MessageFlags.None, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    /// <summary>Delivers raw bytes (for malformed messages a MimeMessage could not express).</summary>
    public async Task AppendRawAsync(byte[] raw, string folder = "INBOX", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        using var client = await ConnectAsync(cancellationToken);
        var target = await client.GetFolderAsync(folder, cancellationToken);
        using var stream = new MemoryStream(raw);
        // MimeKit keeps unmodified headers and bodies byte for byte, so what arrives is what was given.
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        await target.AppendAsync(message, MessageFlags.None, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    /// <summary>The messages in <paramref name="folder"/> (empty when the folder does not exist), in UID order.</summary>
    public async Task<IReadOnlyList<MimeMessage>> ReadFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        using var client = await ConnectAsync(cancellationToken);
        IMailFolder target;
        try
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            var separator = root.DirectorySeparator == '\0' ? '/' : root.DirectorySeparator;
            target = await client.GetFolderAsync(folder.Replace('/', separator), cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            return [];
        }

        await target.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var uids = await target.SearchAsync(SearchQuery.All, cancellationToken);
        var messages = new List<MimeMessage>();
        foreach (var uid in uids.OrderBy(u => u.Id))
        {
            messages.Add(await target.GetMessageAsync(uid, cancellationToken));
        }

        await client.DisconnectAsync(true, cancellationToken);
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // SIGTERM lets the master stop its children; a hard kill of the tree is the fallback.
                using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync();
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"dovecot exited with code {_process.ExitCode}.");
            }

            try
            {
                using var client = await ConnectAsync(deadline.Token);
                await client.DisconnectAsync(true, deadline.Token);
                return;
            }
            catch (Exception ex) when (ex is SocketException or ImapProtocolException or IOException or AuthenticationException
                                       && !deadline.IsCancellationRequested)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
    }
}
