using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// One database per test process with the real migrations applied (built lazily, once, by EF Core's migrator in this
/// same process from the migrations in GameHost.Domain), copied page by page with SQLite's online backup into each
/// test's own database. A copy is byte-for-byte the schema and rows the migrations produce, at the cost of a page copy
/// instead of running every migration again. The migration tests themselves still migrate an empty database
/// (<see cref="SqliteTestDatabase.MigratedFromEmpty"/>, <see cref="SqliteFileTestDatabase.MigratedFromEmpty"/>,
/// <see cref="GameHostAppFactory.StartOnEmptyDataFolder"/>).
/// </summary>
public static class MigratedTemplate
{
    /// <summary>The file name the app's connection string gives its database inside the data folder.</summary>
    public const string AppDatabaseFileName = "gamehost.db";

    private static readonly Lazy<SqliteConnection> Template = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    // A backup reads the template through its one connection: copies are taken one at a time (each takes a few
    // milliseconds), so tests building their databases at the same moment never share that connection concurrently.
    private static readonly Lock Gate = new();

    /// <summary>Copies the migrated template into <paramref name="destination"/> (an open connection), replacing its content.</summary>
    public static void CopyTo(SqliteConnection destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var template = Template.Value;
        lock (Gate)
        {
            template.BackupDatabase(destination);
        }
    }

    /// <summary>Writes the migrated template as a new database file at <paramref name="path"/>.</summary>
    public static void CopyTo(string path)
    {
        if (File.Exists(path))
        {
            throw new InvalidOperationException($"A database already exists at {path}.");
        }

        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        destination.Open();
        CopyTo(destination);

        // A file the app migrated is in WAL mode (set by its first connection, and kept in the file): so is the copy.
        // EF Core checks that a database exists through a read-only connection, where the app's pragmas could not
        // switch the journal mode any more.
        using var wal = destination.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = wal.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The copy at {path} did not switch to WAL (journal mode {mode}).");
        }
    }

    /// <summary>Places a migrated copy as the app's database in <paramref name="dataDirectory"/>, unless one is already there.</summary>
    public static void PlaceAppDatabase(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, AppDatabaseFileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            CopyTo(path);
        }
    }

    private static SqliteConnection Build()
    {
        // The same start as a test database migrated from empty: a private in-memory database, foreign keys on.
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA foreign_keys=ON;";
            pragma.ExecuteNonQuery();
        }

        using var db = new GameHostDbContext(new DbContextOptionsBuilder<GameHostDbContext>().UseSqlite(connection).Options);
        db.Database.Migrate();
        return connection;
    }
}
