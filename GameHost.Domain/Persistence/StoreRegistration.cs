using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Persistence;

public static class StoreRegistration
{
    /// <summary>
    /// Registers <see cref="GameHostDbContext"/> on SQLite (WAL, busy timeout, foreign keys) and a factory for
    /// components and jobs that need a short-lived context of their own.
    /// </summary>
    public static IServiceCollection AddGameHostStore(this IServiceCollection services, string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            // Microsoft.Data.Sqlite retries a busy database until the command timeout; keep it above busy_timeout.
            DefaultTimeout = 30,
            Pooling = true,
        };
        var finalConnectionString = builder.ToString();

        services.AddSingleton<SqlitePragmaInterceptor>();
        services.AddDbContextFactory<GameHostDbContext>(
            (sp, options) => options
                .UseSqlite(finalConnectionString, sqlite => sqlite.MigrationsAssembly(typeof(GameHostDbContext).Assembly.FullName))
                .AddInterceptors(sp.GetRequiredService<SqlitePragmaInterceptor>())
                // Features that react to what a save writes (e.g. an issued invoice raises its notice) register these.
                .AddInterceptors(sp.GetServices<ISaveChangesInterceptor>())
                // …and these react to a transaction's commit (e.g. open bells hear of notifications only once committed).
                .AddInterceptors(sp.GetServices<IDbTransactionInterceptor>()),
            ServiceLifetime.Scoped);
        services.AddScoped<DatabaseMigrator>();
        return services;
    }

    /// <summary>Makes sure the folder of a file-based SQLite database exists (e.g. <c>data/</c>).</summary>
    public static void EnsureDatabaseDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
