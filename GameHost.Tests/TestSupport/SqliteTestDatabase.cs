using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// A private in-memory SQLite database with the real migrations applied. The connection stays open for the
/// test's lifetime (an in-memory database lives as long as its connection); each <see cref="NewContext"/> is a
/// fresh unit of work on it, like a new request.
/// </summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteTestDatabase()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        using var pragma = _connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys=ON;";
        pragma.ExecuteNonQuery();
        using var db = NewContext();
        db.Database.Migrate();
    }

    public DbContextOptions<GameHostDbContext> Options => new DbContextOptionsBuilder<GameHostDbContext>()
        .UseSqlite(_connection)
        .Options;

    public GameHostDbContext NewContext() => new(Options);

    public void Dispose() => _connection.Dispose();
}
