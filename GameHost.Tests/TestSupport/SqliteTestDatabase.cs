using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// A private in-memory SQLite database with the real migrations applied: a copy of the process's
/// <see cref="MigratedTemplate"/>, or, with <see cref="MigratedFromEmpty"/>, migrated here from nothing. The connection
/// stays open for the test's lifetime (an in-memory database lives as long as its connection); each
/// <see cref="NewContext"/> is a fresh unit of work on it, like a new request.
/// </summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteTestDatabase()
        : this(fromTemplate: true)
    {
    }

    private SqliteTestDatabase(bool fromTemplate)
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        if (fromTemplate)
        {
            MigratedTemplate.CopyTo(_connection);
        }

        using var pragma = _connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys=ON;";
        pragma.ExecuteNonQuery();
        if (!fromTemplate)
        {
            using var db = NewContext();
            db.Database.Migrate();
        }
    }

    /// <summary>A database that runs every migration itself, for tests about the migrations.</summary>
    public static SqliteTestDatabase MigratedFromEmpty() => new(fromTemplate: false);

    public DbContextOptions<GameHostDbContext> Options => new DbContextOptionsBuilder<GameHostDbContext>()
        .UseSqlite(_connection)
        .Options;

    public GameHostDbContext NewContext() => new(Options);

    public void Dispose() => _connection.Dispose();
}
