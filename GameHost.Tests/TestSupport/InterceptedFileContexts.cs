using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// Contexts on a <see cref="SqliteFileTestDatabase"/> with the production pragmas plus the given interceptors — e.g. the
/// notices a feature registers for the host (<c>NotifyOnSave</c> subclasses), or a statement counter.
/// </summary>
public sealed class InterceptedFileContexts(SqliteFileTestDatabase database, params IInterceptor[] interceptors) : IDbContextFactory<GameHostDbContext>
{
    public GameHostDbContext CreateDbContext() => new(new DbContextOptionsBuilder<GameHostDbContext>()
        .UseSqlite(database.ConnectionString)
        .AddInterceptors([new SqlitePragmaInterceptor(), .. interceptors])
        .Options);
}
