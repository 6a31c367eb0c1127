using System.Diagnostics;
using System.Globalization;
using GameHost.App.Features.Notifications.Unsubscribe;
using GameHost.App.Features.Provisioning.Settings;
using GameHost.App.Features.Support.Mail;
using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Mail;
using GameHost.Domain.Support.Persistence;
using GameHost.Tests.TestSupport;
using MailKit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace GameHost.Bench.ImapImport;

public sealed record ImapImportBenchmarkOptions(int Messages, int WithAttachments, int Customers, int RepliesPercent, bool Profile = false)
{
    public static ImapImportBenchmarkOptions From(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ImapImportBenchmarkOptions(
            args.Number("messages", 5_000), args.Number("attachments", 100, minimum: 0), args.Number("customers", 500), args.Number("replies-percent", 40, minimum: 0),
            args.Number("profile", 0, minimum: 0) != 0);
        args.EnsureAllUsed();
        if (options.WithAttachments > options.Messages || options.RepliesPercent > 100)
        {
            throw new ArgumentException("--attachments must not exceed --messages, and --replies-percent must be at most 100.");
        }

        return options;
    }
}

/// <summary>
/// The support mailbox import against a real Dovecot (started as the integration tests start it: a private instance
/// on a loopback port) and a SQLite file with the real migrations: the inbox is filled with customer mail over IMAP
/// APPEND (new tickets, replies threaded by In-Reply-To, some with a screenshot and a log attached), then one import
/// run reads, imports and moves every message through the production sweep, the MailKit adapter and the helpdesk's use
/// cases. Prints messages per second, the total time, CPU time, the load average and the peak working set, and checks
/// the result in the database and the mailbox. Asserts nothing about time.
/// </summary>
public static class ImapImportBenchmark
{
    private static readonly byte[] Png = MakePng(24 * 1024);
    private static readonly byte[] LogFile = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("[12:00:00 WARN]: Can't keep up! Is the server overloaded?\n", 400)));

    public static async Task RunAsync(ImapImportBenchmarkOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        Line(output, "benchmark", "imap-import");
        Line(output, "date (UTC)", TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        Line(output, "machine", $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Line(output, "messages", options.Messages);
        Line(output, "with attachments", $"{options.WithAttachments} (a {Png.Length / 1024} KiB PNG and a {LogFile.Length / 1024} KiB log each)");
        Line(output, "customers", options.Customers);
        Line(output, "replies", $"about {options.RepliesPercent}% (threaded by In-Reply-To)");

        await using var dovecot = await DovecotServer.StartAsync();
        using var database = new BenchDatabase();
        var protector = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());
        var seeding = Stopwatch.StartNew();
        var customers = await SeedDatabaseAsync(database, options, dovecot, protector);
        await FillInboxAsync(dovecot, options, customers);
        Line(output, "seeded in", $"{seeding.Elapsed.TotalSeconds:F1} s (database and IMAP APPEND)");

        await using var services = Services(database, protector, Path.Combine(Path.GetTempPath(), $"gamehost-bench-attachments-{Guid.NewGuid():N}"));
        try
        {
            await using var scope = services.CreateAsyncScope();
            var sweep = scope.ServiceProvider.GetRequiredService<SupportMailImportSweep>();
            GC.Collect();
            var loadBefore = LoadAverage();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            database.Profile.Enabled = options.Profile;
            var watch = Stopwatch.StartNew();
            var result = await sweep.RunAsync(new MailImportContext("PixelHost", "https://hosting.test/account/register"), CancellationToken.None);
            watch.Stop();
            database.Profile.Enabled = false;
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;

            Line(output, "result", result.ToSummary());
            Line(output, "total time", $"{watch.Elapsed.TotalSeconds:F1} s");
            Line(output, "throughput", $"{result.Total / watch.Elapsed.TotalSeconds:F1} messages/s (target >= 20)");
            Line(output, "CPU time (process)", $"{cpu.TotalSeconds:F1} s ({cpu.TotalMilliseconds / Math.Max(1, result.Total):F1} ms per message; Dovecot not included)");
            Line(output, "load average (start → end)", $"{loadBefore} → {LoadAverage()}");
            Line(output, "peak working set", $"{process.PeakWorkingSet64 / 1024 / 1024} MiB");
            if (options.Profile)
            {
                output.WriteLine("SQL sent by the import, slowest statement shapes first (count x total time):");
                foreach (var line in database.Profile.Top(20))
                {
                    output.WriteLine("  " + line);
                }
            }

            await using var db = database.CreateDbContext();
            var tickets = await db.Tickets().CountAsync();
            var messages = await db.TicketMessages().CountAsync(m => m.Source == MessageSource.Email);
            var attachments = await db.TicketAttachments().CountAsync();
            var logged = await db.Set<SupportMailImport>().CountAsync();
            Line(output, "check: tickets / e-mail messages", $"{tickets} / {messages}");
            Line(output, "check: attachments / log rows", $"{attachments} / {logged}");
            using var client = await dovecot.ConnectAsync();
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
            Line(output, "check: left in the inbox", client.Inbox.Count);
            await client.DisconnectAsync(true);
        }
        finally
        {
            var folder = services.GetRequiredService<GameHost.Domain.Support.Attachments.AttachmentStore>().Folder;
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The sweep wired as the host wires it: the MailKit adapter, the helpdesk, notifications and audit.</summary>
    private static ServiceProvider Services(BenchDatabase database, ISecretProtector protector, string attachmentFolder)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDbContextFactory<GameHostDbContext>>(database);
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<IUnsubscribeTokens, DataProtectionUnsubscribeTokens>();
        services.AddSingleton<ISupportServices, NoServices>();
        services.AddSingleton(protector);
        services.AddSingleton<IMailbox, MailKitMailbox>();
        services.AddAudit();
        services.AddNotifications();
        services.AddSupport();
        services.AddScoped<SupportMailImportSweep>();
        services.Configure<NotificationSiteOptions>(o =>
        {
            o.SiteName = "PixelHost";
            o.PublicBaseUrl = "https://hosting.test";
        });
        services.Configure<SupportOptions>(o =>
        {
            o.AttachmentFolder = attachmentFolder;

            // The inbox is a backlog of ten mails per customer imported in one run, not a flood from one sender: the
            // hourly limit of new tickets per sender (5 by default) would refuse most of them and time the refusals.
            o.MaxNewMailTicketsPerSenderPerHour = 0;
        });
        return services.BuildServiceProvider();
    }

    private static async Task<List<string>> SeedDatabaseAsync(BenchDatabase database, ImapImportBenchmarkOptions options, DovecotServer dovecot, ISecretProtector protector)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var addresses = new List<string>();
        await using var db = database.CreateDbContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var roles = Roles.All.ToDictionary(r => r, r => new ApplicationRole(r) { Id = Guid.NewGuid(), NormalizedName = r.ToUpperInvariant() });
        db.Roles.AddRange(roles.Values);
        for (var i = 0; i < 3; i++)
        {
            var agent = AddUser(db, $"agent{i}@gamehost.test", now);
            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = agent, RoleId = roles[Roles.Support].Id });
        }

        for (var i = 0; i < options.Customers; i++)
        {
            var address = $"player{i}@players.test";
            var customer = AddUser(db, address, now);
            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = customer, RoleId = roles[Roles.Customer].Id });
            addresses.Add(address);
        }

        db.SupportDepartments().Add(new SupportDepartment { Id = Guid.NewGuid(), Name = "Technical", Email = "tech@gamehost.test", SortOrder = 0 });
        db.SupportDepartments().Add(new SupportDepartment { Id = Guid.NewGuid(), Name = "Billing", Email = "billing@gamehost.test", SortOrder = 1 });
        db.Set<SupportMailSettings>().Add(new SupportMailSettings
        {
            Enabled = true,
            Host = dovecot.Host,
            Port = dovecot.Port,
            Security = MailboxSecurity.None,
            UserName = dovecot.User,
            ProtectedPassword = protector.Protect(dovecot.Password),
        });
        await db.SaveChangesAsync();
        return addresses;
    }

    /// <summary>
    /// Delivers the inbox over one IMAP connection: each customer's first mail opens a ticket, later ones (the given
    /// share) answer that customer's previous mail by In-Reply-To; every n-th message carries the two attachments.
    /// </summary>
    private static async Task FillInboxAsync(DovecotServer dovecot, ImapImportBenchmarkOptions options, List<string> customers)
    {
        var random = new Random(7);
        var lastMessageId = new Dictionary<string, string>(StringComparer.Ordinal);
        var attachmentEvery = options.WithAttachments == 0 ? int.MaxValue : options.Messages / options.WithAttachments;
        var attached = 0;
        var words = new[] { "crash", "lag", "refund", "invoice", "mods", "backup", "restore", "plugin", "whitelist", "port", "memory", "world" };
        using var client = await dovecot.ConnectAsync();
        for (var i = 0; i < options.Messages; i++)
        {
            var from = customers[random.Next(customers.Count)];
            var reply = lastMessageId.TryGetValue(from, out var previous) && random.Next(100) < options.RepliesPercent;
            var word = words[random.Next(words.Length)];
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(from));
            message.To.Add(MailboxAddress.Parse(random.Next(4) == 0 ? "billing@gamehost.test" : "tech@gamehost.test"));
            message.Subject = reply ? $"Re: {word} problem" : $"{word} problem on my server";
            message.MessageId = $"bench-{i}@players.test";
            if (reply)
            {
                message.InReplyTo = previous;
                message.References.Add(previous!);
            }

            var body = new BodyBuilder
            {
                TextBody = $"Hello,\n\nmy server has a {word} issue since the last update (message {i}).\nIt started after the restart.\n\n"
                    + (reply ? $"On Mon, PixelHost wrote:\n> Could you tell us more?\n> Thanks\n" : "-- \nA player\n"),
            };
            if (attached < options.WithAttachments && i % attachmentEvery == 0)
            {
                body.Attachments.Add("screenshot.png", Png, new ContentType("image", "png"));
                body.Attachments.Add("latest.log", LogFile, new ContentType("text", "plain"));
                attached++;
            }

            message.Body = body.ToMessageBody();
            await client.Inbox.AppendAsync(message, MessageFlags.None);
            lastMessageId[from] = message.MessageId;
        }

        await client.DisconnectAsync(true);
    }

    private static Guid AddUser(GameHostDbContext db, string email, DateTime now)
    {
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            FullName = email.Split('@')[0], CreatedAtUtc = now, SecurityStamp = Guid.NewGuid().ToString(), EmailConfirmed = true,
        };
        db.Users.Add(user);
        return user.Id;
    }

    /// <summary>A valid PNG signature followed by filler up to the size (the helpdesk checks the magic bytes).</summary>
    private static byte[] MakePng(int size)
    {
        var bytes = new byte[size];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
        signature.CopyTo(bytes, 0);
        new Random(3).NextBytes(bytes.AsSpan(signature.Length));
        return bytes;
    }

    private static string LoadAverage()
    {
        const string file = "/proc/loadavg";
        return File.Exists(file) ? string.Join(' ', File.ReadAllText(file).Split(' ').Take(3)) : "not reported on this system";
    }

    private static void Line(TextWriter output, string name, object value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {value}"));

    private sealed class NoServices : ISupportServices
    {
        public Task<string?> LabelIfOwnedAsync(Guid customerId, Guid serviceId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task<IReadOnlyList<SupportServiceOption>> ListAsync(Guid customerId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SupportServiceOption>>([]);
    }
}
