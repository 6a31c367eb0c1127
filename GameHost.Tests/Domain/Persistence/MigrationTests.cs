using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.Domain.Persistence;

public class MigrationTests
{
    [Fact]
    public void Model_HasNoChangesMissingFromMigrations()
    {
        using var database = SqliteTestDatabase.MigratedFromEmpty();
        using var db = database.NewContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run scripts/new-migration.sh <Name>.");
    }

    [Fact]
    public void Migrations_ApplyToEmptyDatabase_AndLeaveNonePending()
    {
        using var database = SqliteTestDatabase.MigratedFromEmpty();
        using var db = database.NewContext();

        Assert.Empty(db.Database.GetPendingMigrations());
        Assert.NotEmpty(db.Database.GetAppliedMigrations());
        var migrationsAssembly = db.GetService<IMigrationsAssembly>();
        Assert.Equal(typeof(GameHostDbContext).Assembly, migrationsAssembly.Assembly);
    }

    [Fact]
    public async Task Store_OnAFile_RunsInWalModeWithBusyTimeoutAndForeignKeys()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gamehost-tests", Guid.NewGuid().ToString("N"), "data");
        var connectionString = $"Data Source={Path.Combine(directory, "gamehost.db")}";
        StoreRegistration.EnsureDatabaseDirectory(connectionString);
        var services = new ServiceCollection().AddLogging().AddGameHostStore(connectionString).BuildServiceProvider();
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GameHostDbContext>();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

            await db.Database.OpenConnectionAsync();
            Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode;"));
            Assert.Equal(SqlitePragmaInterceptor.BusyTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync(db, "PRAGMA busy_timeout;"));
            Assert.Equal("1", await ScalarAsync(db, "PRAGMA foreign_keys;"));
            Assert.True(File.Exists(Path.Combine(directory, "gamehost.db")));
        }
        finally
        {
            await services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    private static async Task<string?> ScalarAsync(GameHostDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command)
        {
            command.CommandText = sql;
            return (await command.ExecuteScalarAsync())?.ToString();
        }
    }
}
