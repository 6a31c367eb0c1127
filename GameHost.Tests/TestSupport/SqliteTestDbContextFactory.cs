using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.TestSupport;

/// <summary>Hands out fresh contexts on a <see cref="SqliteTestDatabase"/>, for classes that take a context factory.</summary>
public sealed class SqliteTestDbContextFactory(SqliteTestDatabase database) : IDbContextFactory<GameHostDbContext>
{
    public GameHostDbContext CreateDbContext() => database.NewContext();
}
