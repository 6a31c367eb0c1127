using System.Diagnostics;
using System.Globalization;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.App.Features.Notifications.Unsubscribe;
using GameHost.Domain.Billing.Notices;
using GameHost.Domain.Demo;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Bench.Renewals;

public sealed record RenewalsBenchmarkOptions(
    int Services, int ServicesPerCustomer, int BatchSize, bool Profile = false, bool Notices = false, string? Database = null, string? Pragmas = null,
    int? WriterCacheMiB = null)
{
    public static RenewalsBenchmarkOptions From(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new RenewalsBenchmarkOptions(
            args.Number("services", 100_000), args.Number("services-per-customer", 1), args.Number("batch", 1000), args.Number("profile", 0, minimum: 0) > 0,
            args.Number("notices", 0, minimum: 0) > 0, args.Text("database"),
            args.Text("pragmas"), args.Number("writer-cache-mib", new RenewalOptions().WriterCacheMiB, minimum: 0));
        args.EnsureAllUsed();
        return options;
    }
}

/// <summary>
/// A renewal sweep over many due services on a SQLite file with the real migrations: every customer has the balance
/// for one renewal, so every service is invoiced, paid from balance and extended. Prints the counts checked in the
/// database afterwards, the time the sweep took and the peak working set. Asserts nothing about time.
/// </summary>
public static class RenewalsBenchmark
{
    private const long PriceMinor = 10_000;

    public static async Task RunAsync(RenewalsBenchmarkOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var now = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
        var clock = new FixedClock(now);
        Line(output, "benchmark", "renewals");
        Line(output, "date (UTC)", TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        Line(output, "machine", $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Line(output, "services", options.Services);
        Line(output, "customers", $"{Customers(options)} ({options.ServicesPerCustomer} service(s) each)");
        Line(output, "batch", $"{options.BatchSize} services per transaction");
        Line(output, "notices", options.Notices ? "invoice issued raised as the app raises it (in-app entry, delivery, e-mail outbox row)" : "none (contexts without the app's save triggers)");

        var (database, copy) = await PreparedDatabaseAsync(options, now.UtcDateTime, output);
        try
        {
            await SweepAsync(database, options, clock, now, output);
        }
        finally
        {
            database.Dispose();
            foreach (var file in copy is null ? [] : new[] { copy, copy + "-wal", copy + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task SweepAsync(BenchDatabase database, RenewalsBenchmarkOptions options, FixedClock clock, DateTimeOffset now, TextWriter output)
    {
        var peakBefore = Process.GetCurrentProcess().PeakWorkingSet64;

        if (options.Notices)
        {
            database.SaveTriggers.Add(new InvoiceIssuedNotices(new Notifier(
                clock, Microsoft.Extensions.Options.Options.Create(new NotificationSiteOptions { SiteName = "GameHost", PublicBaseUrl = "https://billing.example.com" }),
                new DataProtectionUnsubscribeTokens(new EphemeralDataProtectionProvider()), new NotificationSignals())));
        }

        if (options.Pragmas is { } pragmas)
        {
            // An experiment: extra pragmas on every connection the sweep opens (after the app's own).
            database.SaveTriggers.Add(new ExtraPragmas(pragmas));
            Line(output, "extra pragmas", pragmas);
        }

        GC.Collect();
        var sweep = RenewalSweepHost.Create(database, clock, options.BatchSize, options.WriterCacheMiB);
        Line(output, "writer cache", options.WriterCacheMiB is 0 ? "the connection's own" : $"{options.WriterCacheMiB} MiB");
        database.Profile.Enabled = options.Profile;
        var batches = new List<(int Done, TimeSpan At)>();
        var batchCpu = new List<TimeSpan>();
        var loadBefore = LoadAverage();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await sweep.RunAsync((checkpoint, done) =>
        {
            if (checkpoint == RenewalCheckpoint.BatchCommitted)
            {
                batches.Add((done, watch.Elapsed));
                batchCpu.Add(Process.GetCurrentProcess().TotalProcessorTime);
                if (batches.Count % 10 == 0)
                {
                    // Progress, so a run stopped early still tells its rate.
                    Line(output, "progress", $"{done} renewed in {watch.Elapsed.TotalSeconds:F1} s ({done / Math.Max(0.001, watch.Elapsed.TotalSeconds):F0} services/s)");
                }
            }

            return Task.CompletedTask;
        }, CancellationToken.None);
        watch.Stop();
        database.Profile.Enabled = false;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;

        await using var db = database.CreateDbContext();
        var invoiced = await db.Invoices().CountAsync(i => i.ServicePeriodStartUtc != null);
        var paid = await db.Invoices().CountAsync(i => i.ServicePeriodStartUtc != null && i.Status == InvoiceStatus.Paid);
        var advanced = await db.Subscriptions().CountAsync(s => s.PaidUntilUtc > now.UtcDateTime.AddDays(7));
        Line(output, "sweep says", result.ToSummary());
        Line(output, "read ahead", $"{result.ReadAhead} of {result.Batches} batches read on a second connection while the batch before them wrote");
        Line(output, "invoiced", invoiced);
        Line(output, "paid from balance", paid);
        Line(output, "advanced", advanced);
        Line(output, "notices", $"{await db.Notifications().CountAsync()} notifications, {await db.OutboundEmails.CountAsync()} e-mails in the outbox");
        Line(output, "elapsed", $"{watch.Elapsed.TotalSeconds:F1} s ({options.Services / Math.Max(0.001, watch.Elapsed.TotalSeconds):F0} services/s)");
        Line(output, "cpu time", $"{cpu.TotalSeconds:F1} s (process, all threads, during the sweep)");
        Line(output, "load average", $"{loadBefore} at the start, {LoadAverage()} at the end (1, 5, 15 min)");
        Line(output, "batch times", BatchTimes(batches));
        Line(output, "batch cpu", BatchCpu(cpuBefore, batchCpu));
        Line(output, "peak working set", $"{process.PeakWorkingSet64 / (1024 * 1024)} MiB (after seeding: {peakBefore / (1024 * 1024)} MiB)");
        Line(output, "database file", $"{new FileInfo(database.Path).Length / (1024 * 1024)} MiB + WAL");
        if (options.Profile)
        {
            output.WriteLine("SQL during the sweep (count, time to first row, statement):");
            foreach (var line in database.Profile.Top(15))
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// A freshly seeded database for the sweep. With <c>--database FILE</c> the seeded state is kept in FILE (seeded there
    /// on the first run) and the sweep runs on a copy, so runs compared with each other start from the same file and
    /// skip the seeding. The file must have been seeded with the same services and services per customer.
    /// </summary>
    private static async Task<(BenchDatabase Database, string? Copy)> PreparedDatabaseAsync(RenewalsBenchmarkOptions options, DateTime now, TextWriter output)
    {
        var seeding = Stopwatch.StartNew();
        if (options.Database is null)
        {
            var fresh = new BenchDatabase();
            await SeedAsync(fresh, options, now, output);
            Line(output, "seeded in", $"{seeding.Elapsed.TotalSeconds:F1} s");
            return (fresh, null);
        }

        var kept = Path.GetFullPath(options.Database);
        if (!File.Exists(kept))
        {
            using (var seeded = new BenchDatabase())
            {
                await SeedAsync(seeded, options, now, output);
                await using (var db = seeded.CreateDbContext())
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
                }

                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Copy(seeded.Path, kept);
            }

            Line(output, "seeded in", $"{seeding.Elapsed.TotalSeconds:F1} s (kept in {kept})");
        }

        var copy = Path.Combine(Path.GetTempPath(), $"gamehost-bench-{Guid.NewGuid():N}.db");
        File.Copy(kept, copy);
        var database = new BenchDatabase(copy);
        await using (var db = database.CreateDbContext())
        {
            var due = await db.Subscriptions().CountAsync();
            if (due != options.Services)
            {
                database.Dispose();
                File.Delete(copy);
                throw new ArgumentException($"{kept} holds {due} services, not {options.Services}: seed another file for this size.");
            }
        }

        Line(output, "seeded", $"copied from {kept}");
        return (database, copy);
    }

    /// <summary>The first, middle and last batch's duration: equal when a batch's cost does not grow with the data.</summary>
    private static string BatchTimes(List<(int Done, TimeSpan At)> batches)
    {
        if (batches.Count == 0)
        {
            return "none";
        }

        var durations = batches.Select((b, i) => b.At - (i == 0 ? TimeSpan.Zero : batches[i - 1].At)).ToList();
        string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
        return $"{batches.Count} batches; first {Ms(durations[0])} ms, middle {Ms(durations[durations.Count / 2])} ms, "
            + $"last {Ms(durations[^1])} ms, slowest {Ms(durations.Max())} ms";
    }

    /// <summary>
    /// The process CPU time of the first batch (with JIT) and the median batch after it: unlike wall times, steady
    /// under load, so the per-service cost of the code can be read off a loaded machine.
    /// </summary>
    private static string BatchCpu(TimeSpan before, List<TimeSpan> atCommits)
    {
        if (atCommits.Count == 0)
        {
            return "none";
        }

        var durations = atCommits.Select((at, i) => at - (i == 0 ? before : atCommits[i - 1])).ToList();
        var later = durations.Skip(1).Order().ToList();
        string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
        return later.Count == 0
            ? $"first {Ms(durations[0])} ms"
            : $"first {Ms(durations[0])} ms (with JIT), median of the rest {Ms(later[later.Count / 2])} ms";
    }

    /// <summary>The 1, 5 and 15-minute load averages where the system reports them (other work shares this machine).</summary>
    private static string LoadAverage()
    {
        const string file = "/proc/loadavg";
        return File.Exists(file) ? string.Join(' ', File.ReadAllText(file).Split(' ').Take(3)) : "not reported on this system";
    }

    private static int Customers(RenewalsBenchmarkOptions options) => (options.Services + options.ServicesPerCustomer - 1) / options.ServicesPerCustomer;

    private static async Task SeedAsync(BenchDatabase database, RenewalsBenchmarkOptions options, DateTime now, TextWriter progress)
    {
        Guid tariffId;
        await using (var db = database.CreateDbContext())
        {
            await new DemoCatalogSeeder(db, new FixedClock(now)).SeedAsync(CancellationToken.None);
            await db.SaveChangesAsync();
            tariffId = await db.Tariffs().Where(t => t.Slug == "paper-4gb").Select(t => t.Id).SingleAsync();
        }

        var zar = Currency.ZAR;
        var received = new LedgerAccount
        {
            Id = Guid.NewGuid(), Code = LedgerAccount.SystemCode(LedgerAccountKind.PaymentsReceived, zar), Kind = LedgerAccountKind.PaymentsReceived,
            Currency = zar, Balance = Money.Zero(zar), ConcurrencyToken = Guid.NewGuid(), CreatedAtUtc = now,
        };
        var customers = Customers(options);
        const int chunk = 2000;
        var made = 0;
        for (var start = 0; start < customers; start += chunk)
        {
            await using var db = database.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            if (start == 0)
            {
                db.LedgerAccounts().Add(received);
            }
            else
            {
                db.LedgerAccounts().Attach(received);
            }

            for (var c = start; c < Math.Min(customers, start + chunk); c++)
            {
                var services = Math.Min(options.ServicesPerCustomer, options.Services - made);
                var id = Guid.NewGuid();
                var email = $"customer{c}@bench.test";
                db.Users.Add(new ApplicationUser
                {
                    Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                    FullName = $"Customer {c}", CreatedAtUtc = now, SecurityStamp = "bench", ConcurrencyStamp = Guid.NewGuid().ToString(),
                });
                db.CustomerProfiles.Add(new CustomerProfile { Id = Guid.NewGuid(), UserId = id, BillingCurrency = "ZAR", CountryCode = "ZA", CreatedAtUtc = now });
                var topUp = new Money(PriceMinor * services, zar);
                var account = new LedgerAccount
                {
                    Id = Guid.NewGuid(), Code = LedgerAccount.CustomerCode(id, zar), Kind = LedgerAccountKind.CustomerBalance, CustomerId = id,
                    Currency = zar, Balance = topUp, ConcurrencyToken = Guid.NewGuid(), CreatedAtUtc = now,
                };
                db.LedgerAccounts().Add(account);
                received.Balance -= topUp;
                var transaction = new LedgerTransaction
                {
                    Id = Guid.NewGuid(), IdempotencyKey = $"payment:bench:{c}", Kind = "payment_received", Description = "Bench top-up",
                    CustomerId = id, CreatedAtUtc = now,
                };
                transaction.Entries.Add(new LedgerEntry { TransactionId = transaction.Id, AccountId = received.Id, Amount = -topUp });
                transaction.Entries.Add(new LedgerEntry { TransactionId = transaction.Id, AccountId = account.Id, Amount = topUp });
                db.LedgerTransactions().Add(transaction);
                for (var s = 0; s < services; s++, made++)
                {
                    var paidUntil = now.AddDays(1 + (made % 6)).AddMinutes(made % 1440);
                    db.Subscriptions().Add(new Subscription
                    {
                        Id = Guid.NewGuid(), CustomerId = id, TariffId = tariffId, TariffVersionNumber = 1, Period = BillingPeriod.Month1,
                        BillingModel = BillingModel.PrepaidPeriodic, CurrentPeriodStartUtc = paidUntil.AddMonths(-1), PaidUntilUtc = paidUntil,
                        RecurringNet = new Money(PriceMinor, zar), LocationId = 1, ServerName = $"server-{made}", Status = SubscriptionStatus.Active,
                        RequestId = $"bench-{made}", CreatedAtUtc = now.AddMonths(-1), ConcurrencyToken = Guid.NewGuid(),
                    });
                }
            }

            db.Entry(received).State = start == 0 ? EntityState.Added : EntityState.Modified;
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            received.ConcurrencyToken = db.Entry(received).Property(a => a.ConcurrencyToken).CurrentValue;
            if ((start / chunk) % 10 == 9)
            {
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"seeding",-20} {made} services"));
            }
        }
    }

    private static void Line(TextWriter output, string name, object value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-20} {value}"));
}

/// <summary>Runs <c>PRAGMA</c> statements on every connection a context opens (the bench's <c>--pragmas</c> experiments).</summary>
internal sealed class ExtraPragmas(string pragmas) : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    private readonly string _text = string.Join(' ', pragmas.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"PRAGMA {p};"));

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _text;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = _text;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
