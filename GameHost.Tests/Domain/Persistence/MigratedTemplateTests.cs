using System.Globalization;
using System.Text;
using GameHost.Domain.Accounts;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.Domain.Persistence;

/// <summary>
/// Test databases are copies of one template migrated once per test process: a copy must be what running every
/// migration gives (schema, history, rows), with the same pragmas on its connections, and entirely its own.
/// </summary>
public sealed class MigratedTemplateTests
{
    [Fact]
    public async Task InMemoryCopy_ComparedWithAFreshMigration_SameSchemaHistoryRowsAndPragmas()
    {
        using var fresh = SqliteTestDatabase.MigratedFromEmpty();
        using var copy = new SqliteTestDatabase();
        await using var freshDb = fresh.NewContext();
        await using var copyDb = copy.NewContext();

        Assert.Equal(await DumpAsync(freshDb), await DumpAsync(copyDb));
        Assert.Equal(await PragmasAsync(freshDb), await PragmasAsync(copyDb));
        Assert.Equal("1", await ScalarAsync(copyDb, "PRAGMA foreign_keys;"));
        Assert.Equal("memory", await ScalarAsync(copyDb, "PRAGMA journal_mode;"));
        Assert.Empty(await copyDb.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task FileCopy_ComparedWithAFreshMigration_SameSchemaHistoryRowsAndProductionPragmas()
    {
        using var fresh = SqliteFileTestDatabase.MigratedFromEmpty();
        using var copy = new SqliteFileTestDatabase();
        await using var freshDb = fresh.CreateDbContext();
        await using var copyDb = copy.CreateDbContext();

        Assert.Equal(await DumpAsync(freshDb), await DumpAsync(copyDb));
        Assert.Equal(await PragmasAsync(freshDb), await PragmasAsync(copyDb));
        Assert.Equal("wal", await ScalarAsync(copyDb, "PRAGMA journal_mode;"));
        Assert.Equal(SqlitePragmaInterceptor.BusyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture), await ScalarAsync(copyDb, "PRAGMA busy_timeout;"));
        Assert.Equal("1", await ScalarAsync(copyDb, "PRAGMA foreign_keys;"));
        Assert.Equal("1", await ScalarAsync(copyDb, "PRAGMA synchronous;")); // NORMAL
        Assert.Empty(await copyDb.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Copies_WriteToOne_NeverShowsInAnotherOrInLaterCopies()
    {
        using var first = new SqliteTestDatabase();
        using var second = new SqliteTestDatabase();
        using var file = new SqliteFileTestDatabase();

        await AddUserAsync(first.NewContext(), "first@example.test");
        await AddUserAsync(file.CreateDbContext(), "file@example.test");
        using var later = new SqliteTestDatabase();
        using var laterFile = new SqliteFileTestDatabase();

        Assert.Equal(["first@example.test"], await EmailsAsync(first.NewContext()));
        Assert.Equal(["file@example.test"], await EmailsAsync(file.CreateDbContext()));
        Assert.Empty(await EmailsAsync(second.NewContext()));
        Assert.Empty(await EmailsAsync(later.NewContext()));
        Assert.Empty(await EmailsAsync(laterFile.CreateDbContext()));
    }

    [Fact]
    public async Task Copies_BuiltAtTheSameMomentOnManyThreads_EachCompleteAndIndependent()
    {
        const int Count = 12;
        using var start = new Barrier(Count);
        var tasks = Enumerable.Range(0, Count).Select(i => Task.Factory.StartNew(async () =>
        {
            start.SignalAndWait();
            IDisposable database;
            Func<GameHostDbContext> contexts;
            if (i % 2 == 0)
            {
                var memory = new SqliteTestDatabase();
                (database, contexts) = (memory, memory.NewContext);
            }
            else
            {
                var file = new SqliteFileTestDatabase();
                (database, contexts) = (file, file.CreateDbContext);
            }

            using (database)
            {
                var email = $"user{i}@example.test";
                await AddUserAsync(contexts(), email);
                await using var db = contexts();
                return (Pending: (await db.Database.GetPendingMigrationsAsync()).Count(), Emails: await EmailsAsync(contexts()), Expected: email);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToList();

        var results = await Task.WhenAll(tasks);

        Assert.All(results, r =>
        {
            Assert.Equal(0, r.Pending);
            Assert.Equal([r.Expected], r.Emails);
        });
    }

    [Fact]
    public async Task AppFactory_ByDefault_StartsOnTheMigratedCopyAndFindsNothingPending()
    {
        using var factory = new GameHostAppFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GameHostDbContext>();

        Assert.Equal(Path.Combine(factory.DataDirectory, MigratedTemplate.AppDatabaseFileName), db.Database.GetDbConnection().DataSource);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(await DumpSchemaAsync(db), await FreshSchemaAsync());
        Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode;"));
        Assert.True(await db.Roles.AnyAsync(r => r.Name == Roles.Admin), "start-up seeding still runs");
    }

    [Fact]
    public void AppFactory_StartOnEmptyDataFolder_LeavesTheFolderEmptyUntilTheAppMigratesIt()
    {
        using var factory = new GameHostAppFactory { StartOnEmptyDataFolder = true };

        Assert.Empty(Directory.GetFileSystemEntries(factory.DataDirectory));
        _ = factory.Services;
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, MigratedTemplate.AppDatabaseFileName)));
    }

    private static async Task AddUserAsync(GameHostDbContext context, string email)
    {
        await using var db = context;
        db.Users.Add(new ApplicationUser
        {
            Id = Guid.NewGuid(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            FullName = email, SecurityStamp = "stamp", ConcurrencyStamp = Guid.NewGuid().ToString(),
        });
        await db.SaveChangesAsync();
    }

    private static async Task<List<string>> EmailsAsync(GameHostDbContext context)
    {
        await using var db = context;
        return await db.Users.Select(u => u.Email!).ToListAsync();
    }

    private static async Task<string> FreshSchemaAsync()
    {
        using var fresh = SqliteTestDatabase.MigratedFromEmpty();
        await using var db = fresh.NewContext();
        return await DumpSchemaAsync(db);
    }

    private static Task<string> DumpSchemaAsync(GameHostDbContext db) =>
        RowsAsync(db, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");

    /// <summary>The schema, then every row of every table (FTS shadow tables included), in a stable order.</summary>
    private static async Task<string> DumpAsync(GameHostDbContext db)
    {
        var text = new StringBuilder(await DumpSchemaAsync(db));
        var tables = (await RowsAsync(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(row => row.TrimEnd('|'))
            .ToList();
        foreach (var table in tables)
        {
            text.Append("== ").AppendLine(table);
            text.Append(await RowsAsync(db, $"SELECT * FROM \"{table}\" ORDER BY 1"));
        }

        return text.ToString();
    }

    private static async Task<string> PragmasAsync(GameHostDbContext db)
    {
        var text = new StringBuilder();
        foreach (var pragma in new[] { "foreign_keys", "journal_mode", "busy_timeout", "synchronous", "page_size", "auto_vacuum", "encoding", "user_version", "application_id", "recursive_triggers" })
        {
            text.Append(pragma).Append('=').AppendLine(await ScalarAsync(db, $"PRAGMA {pragma};"));
        }

        return text.ToString();
    }

    private static async Task<string?> ScalarAsync(GameHostDbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command)
        {
            command.CommandText = sql;
            return (await command.ExecuteScalarAsync())?.ToString();
        }
    }

    private static async Task<string> RowsAsync(GameHostDbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command)
        {
            command.CommandText = sql;
            var text = new StringBuilder();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    text.Append(value switch
                    {
                        null => "NULL",
                        byte[] bytes => Convert.ToHexString(bytes),
                        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
                    }).Append('|');
                }

                text.Append('\n');
            }

            return text.ToString();
        }
    }
}
