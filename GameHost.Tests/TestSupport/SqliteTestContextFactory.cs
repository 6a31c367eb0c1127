using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// Hands queries and use cases that open their own short-lived contexts a fresh context on a
/// <see cref="SqliteTestDatabase"/>, optionally with interceptors that observe what they save or run.
/// </summary>
public sealed class SqliteTestContextFactory(SqliteTestDatabase database, params IInterceptor[] interceptors)
    : IDbContextFactory<GameHostDbContext>
{
    public GameHostDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<GameHostDbContext>(database.Options);
        if (interceptors.Length > 0)
        {
            options.AddInterceptors(interceptors);
        }

        return new GameHostDbContext(options.Options);
    }
}
