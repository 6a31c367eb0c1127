using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>
/// Writes what a test or sync learned onto the settings row, creating the row empty when none exists yet (the
/// built-in panel has no stored settings, but its tests and syncs are still worth showing).
/// </summary>
internal static class PanelStatus
{
    public static async Task UpdateAsync(
        IDbContextFactory<GameHostDbContext> contexts, Action<PanelSettings> apply, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyAsync(contexts, apply, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another writer created the row first: apply on top of theirs.
            await ApplyAsync(contexts, apply, cancellationToken);
        }
    }

    private static async Task ApplyAsync(
        IDbContextFactory<GameHostDbContext> contexts, Action<PanelSettings> apply, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.PanelSettings().SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new PanelSettings();
            db.PanelSettings().Add(settings);
        }

        apply(settings);
        await db.SaveChangesAsync(cancellationToken);
    }
}
