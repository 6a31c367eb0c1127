using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// A private SQLite database in a temporary file with the real migrations (a copy of the process's
/// <see cref="MigratedTemplate"/>, or, with <see cref="MigratedFromEmpty"/>, migrated here from nothing) and the
/// production pragmas (WAL, busy timeout), for tests where several units of work run at the same time on their own
/// connections, as concurrent requests do. Every context it hands out opens its own connection.
/// </summary>
public sealed class SqliteFileTestDatabase : IDbContextFactory<GameHostDbContext>, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"gamehost-test-{Guid.NewGuid():N}.db");
    private readonly SqlitePragmaInterceptor _pragmas = new();

    public SqliteFileTestDatabase()
        : this(fromTemplate: true)
    {
    }

    private SqliteFileTestDatabase(bool fromTemplate)
    {
        if (fromTemplate)
        {
            MigratedTemplate.CopyTo(_path);
            return;
        }

        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    /// <summary>A database file that runs every migration itself, for tests about the migrations.</summary>
    public static SqliteFileTestDatabase MigratedFromEmpty() => new(fromTemplate: false);

    /// <summary>Unpooled: a connection a test opens itself (e.g. to hold the write lock) is really closed when disposed.</summary>
    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = 30 }.ToString();

    // The contexts' connections are pooled, as the app's are (StoreRegistration): contexts open at the same time still
    // get connections of their own, and the production pragmas are applied on every open, pooled or not.
    private string ContextConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = true, DefaultTimeout = 30 }.ToString();

    public GameHostDbContext CreateDbContext() => new(new DbContextOptionsBuilder<GameHostDbContext>()
        .UseSqlite(ContextConnectionString)
        .AddInterceptors(_pragmas)
        .Options);

    public void Dispose()
    {
        using (var pooled = new SqliteConnection(ContextConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
