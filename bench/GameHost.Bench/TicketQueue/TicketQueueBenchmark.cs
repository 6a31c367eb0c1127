using System.Diagnostics;
using System.Globalization;
using GameHost.Bench.Renewals;
using GameHost.Domain.Accounts;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Bench.TicketQueue;

public sealed record TicketQueueBenchmarkOptions(int Tickets, int Customers, int Runs, bool Plan = false, string? Database = null)
{
    public static TicketQueueBenchmarkOptions From(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new TicketQueueBenchmarkOptions(
            args.Number("tickets", 100_000), args.Number("customers", 5_000), args.Number("runs", 30), args.Number("plan", 0, minimum: 0) != 0,
            args.Text("database"));
        args.EnsureAllUsed();
        return options;
    }
}

/// <summary>
/// The staff queue's first page over many tickets on a SQLite file with the real migrations: a quarter closed, the
/// rest spread over states, departments, priorities and five agents, each ticket with two messages. Times the server
/// side of the page (the query and its total) with the default filters, with a search term, and with filters, and
/// prints percentiles and the process CPU time per page (comparable on a busy machine, unlike wall-clock time); with
/// <c>--plan 1</c> also SQLite's query plan of each statement a case sends. Asserts nothing about time.
/// </summary>
public static class TicketQueueBenchmark
{
    public static async Task RunAsync(TicketQueueBenchmarkOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var now = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
        Line(output, "benchmark", "ticket-queue");
        Line(output, "date (UTC)", TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        Line(output, "machine", $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Line(output, "tickets", options.Tickets);
        Line(output, "customers", options.Customers);
        Line(output, "runs per case", options.Runs);

        using var database = options.Database is null ? new BenchDatabase() : new BenchDatabase(Path.GetFullPath(options.Database));
        var (department, agent) = options.Database is not null && File.Exists(database.Path)
            ? await ReuseAsync(database, options, output)
            : await SeedFreshAsync(database, options, now.UtcDateTime, output);

        var plans = new QueryPlans(database.Path);
        var queries = new TicketQueries(plans, new FixedClock(now), Options.Create(new SupportOptions()));
        var cases = new (string Name, QueueFilter Filter)[]
        {
            ("first page, default filters", new QueueFilter()),
            ("first page, search \"crash\"", new QueueFilter(Search: "crash")),
            ("first page, rare word", new QueueFilter(Search: "zeppelin")),
            ("first page, two words", new QueueFilter(Search: "crash restarted")),
            ("first page, department + agent", new QueueFilter(DepartmentId: department, AssigneeId: agent)),
            ("first page, department", new QueueFilter(DepartmentId: department)),
            ("first page, agent", new QueueFilter(AssigneeId: agent)),
            ("first page, unassigned", new QueueFilter(UnassignedOnly: true)),
            ("first page, state New", new QueueFilter(State: TicketState.New)),
            ("first page, priority Urgent", new QueueFilter(Priority: TicketPriority.Urgent)),
            ("first page, SLA breached", new QueueFilter(Sla: SlaState.Breached)),
            // A common word with very narrow other filters (a few hundred tickets): decision 0036.
            ("first page, \"crash\" + narrow filter", new QueueFilter(Search: "crash", DepartmentId: department, AssigneeId: agent, State: TicketState.New, Priority: TicketPriority.Urgent)),
            ("first page, rare word + narrow filter", new QueueFilter(Search: "zeppelin", DepartmentId: department, AssigneeId: agent, State: TicketState.New, Priority: TicketPriority.Urgent)),
        };
        foreach (var (name, filter) in cases)
        {
            await MeasureAsync(output, name, options.Runs, () => queries.QueueAsync(filter, 0, CancellationToken.None));
            if (options.Plan)
            {
                plans.Capture = true;
                await queries.QueueAsync(filter, 0, CancellationToken.None);
                plans.Capture = false;
                foreach (var line in plans.Explain())
                {
                    output.WriteLine("    " + line);
                }
            }
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        Line(output, "peak working set", $"{process.PeakWorkingSet64 / 1024 / 1024} MB");
    }

    private static async Task MeasureAsync(TextWriter output, string name, int runs, Func<Task<GameHost.Domain.Common.PagedList<QueueRow>>> query)
    {
        var warm = await query();
        var times = new List<double>(runs);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        process.Refresh();
        var cpuPerPage = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / runs;
        times.Sort();
        Line(output, name,
            $"p50 {Percentile(times, 0.5):F1} ms, p95 {Percentile(times, 0.95):F1} ms, max {times[^1]:F1} ms, CPU {cpuPerPage:F1} ms/page ({warm.TotalCount} matching, {warm.Items.Count} shown)");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task<(Guid Department, Guid Agent)> SeedFreshAsync(BenchDatabase database, TicketQueueBenchmarkOptions options, DateTime now, TextWriter output)
    {
        if (options.Database is not null)
        {
            await using var db = database.CreateDbContext();
            await db.Database.MigrateAsync();
        }

        var seeding = Stopwatch.StartNew();
        var ids = await SeedAsync(database, options, now);
        Line(output, "seeded in", $"{seeding.Elapsed.TotalSeconds:F1} s");
        if (options.Database is not null)
        {
            Line(output, "database kept at", database.Path);
        }

        return ids;
    }

    /// <summary>
    /// A database file seeded by an earlier run with <c>--database</c>: brought up to the current migrations (so a new
    /// index is measured on the same tickets) and checked to hold the requested number of tickets.
    /// </summary>
    private static async Task<(Guid Department, Guid Agent)> ReuseAsync(BenchDatabase database, TicketQueueBenchmarkOptions options, TextWriter output)
    {
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        var tickets = await db.Tickets().CountAsync();
        if (tickets != options.Tickets)
        {
            throw new InvalidOperationException(
                $"The database file {database.Path} holds {tickets} tickets, not the {options.Tickets} asked for; delete it or use another path.");
        }

        var department = await db.SupportDepartments().Where(d => d.Name == "Technical").Select(d => d.Id).SingleAsync();
        var agent = await db.Users.Where(u => u.Email == "agent0@bench.test").Select(u => u.Id).SingleAsync();
        Line(output, "reused database", $"{database.Path} (not re-seeded)");
        return (department, agent);
    }

    private static async Task<(Guid Department, Guid Agent)> SeedAsync(BenchDatabase database, TicketQueueBenchmarkOptions options, DateTime now)
    {
        var words = new[] { "crash", "lag", "refund", "invoice", "mods", "backup", "restore", "plugin", "whitelist", "port", "ddos", "memory", "cpu", "world", "login" };
        var agents = new List<Guid>();
        var customers = new List<Guid>();
        var departments = new List<Guid>();
        await using (var db = database.CreateDbContext())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < 5; i++)
            {
                agents.Add(AddUser(db, $"agent{i}@bench.test", now));
            }

            for (var i = 0; i < options.Customers; i++)
            {
                customers.Add(AddUser(db, $"customer{i}@bench.test", now));
            }

            foreach (var name in new[] { "Technical", "Billing", "Sales" })
            {
                var department = new SupportDepartment { Id = Guid.NewGuid(), Name = name };
                departments.Add(department.Id);
                db.SupportDepartments().Add(department);
            }

            await db.SaveChangesAsync();
        }

        var random = new Random(42);
        const int batch = 5000;
        for (var start = 0; start < options.Tickets; start += batch)
        {
            await using var db = database.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(options.Tickets, start + batch); i++)
            {
                var created = now.AddMinutes(-random.Next(0, 60 * 24 * 365));
                var state = i % 4 == 0 ? TicketState.Closed : (TicketState)random.Next(0, 4);
                var subject = $"{words[random.Next(words.Length)]} problem on server {i}";
                var body = $"Hello, my server has a {words[random.Next(words.Length)]} issue since {words[random.Next(words.Length)]} update. Ticket {i}.";
                var reply = $"We looked at the {words[random.Next(words.Length)]} and restarted it.";
                var ticket = new Ticket
                {
                    Id = Guid.NewGuid(), Reference = "T-" + i.ToString("X7", CultureInfo.InvariantCulture), CustomerId = customers[i % customers.Count],
                    DepartmentId = departments[i % departments.Count], Subject = subject, State = state, Priority = (TicketPriority)random.Next(0, 4),
                    AssigneeId = random.Next(0, 3) == 0 ? null : agents[random.Next(agents.Count)], CreatedAtUtc = created,
                    UpdatedAtUtc = created.AddMinutes(random.Next(0, 600)), FirstResponseDueAtUtc = created.AddHours(4), ResolutionDueAtUtc = created.AddDays(3),
                    SearchText = (subject + "\n" + body + "\n" + reply).ToLowerInvariant(),
                };
                db.Tickets().Add(ticket);
                db.TicketMessages().Add(new TicketMessage { Id = Guid.NewGuid(), TicketId = ticket.Id, AuthorId = ticket.CustomerId, AuthorName = "Customer", Body = body, CreatedAtUtc = created });
                db.TicketMessages().Add(new TicketMessage { Id = Guid.NewGuid(), TicketId = ticket.Id, AuthorId = agents[0], AuthorName = "Agent", IsStaff = true, Body = reply, CreatedAtUtc = created.AddMinutes(30) });
            }

            await db.SaveChangesAsync();
        }

        return (departments[0], agents[0]);
    }

    private static Guid AddUser(GameHost.Domain.Persistence.GameHostDbContext db, string email, DateTime now)
    {
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            FullName = email.Split('@')[0], CreatedAtUtc = now, SecurityStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(user);
        return user.Id;
    }

    private static void Line(TextWriter output, string name, object value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {value}"));
}
