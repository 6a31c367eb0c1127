using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Bench;

/// <summary>
/// A fresh SQLite file in the temporary folder with the real migrations and the production pragmas (WAL, busy
/// timeout); every context opens its own connection, as the app's do. Deleted on dispose.
/// </summary>
public sealed class BenchDatabase : IDbContextFactory<GameHostDbContext>, IDisposable
{
    private readonly SqlitePragmaInterceptor _pragmas = new();
    private readonly SqlProfile _profile = new();
    private readonly string _connectionString;

    private readonly bool _owned = true;

    public BenchDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gamehost-bench-{Guid.NewGuid():N}.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, DefaultTimeout = 30 }.ToString();
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    /// <summary>An existing, migrated database file that someone else owns (not deleted on dispose).</summary>
    public BenchDatabase(string existingPath)
    {
        Path = existingPath;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, DefaultTimeout = 30 }.ToString();
        _owned = false;
    }

    public string Path { get; }

    /// <summary>Save triggers added to every context from now on, as the app's store adds the registered ones.</summary>
    public List<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor> SaveTriggers { get; } = [];

    /// <summary>Counts the SQL every context of this database sends, while enabled.</summary>
    public SqlProfile Profile => _profile;

    public GameHostDbContext CreateDbContext() => new(new DbContextOptionsBuilder<GameHostDbContext>()
        .UseSqlite(_connectionString)
        .AddInterceptors(_pragmas, _profile)
        .AddInterceptors(SaveTriggers)
        .Options);

    public Task<GameHostDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (!_owned)
        {
            return;
        }

        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
