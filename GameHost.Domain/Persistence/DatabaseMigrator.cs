using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GameHost.Domain.Persistence;

/// <summary>Applies pending migrations at start-up, so a fresh machine gets a ready database file.</summary>
public sealed class DatabaseMigrator(GameHostDbContext db, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migrations: {Migrations}", pending.Count, string.Join(", ", pending));
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
