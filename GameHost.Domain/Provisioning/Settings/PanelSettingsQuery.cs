using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>The last sync as staff read it.</summary>
/// <param name="Succeeded">Null when no sync ran yet.</param>
public sealed record PanelSyncStatus(DateTime? AtUtc, bool? Succeeded, PanelProblem? Problem, string? Detail);

/// <summary>The catalogue stored now: when it was read and how much it holds.</summary>
public sealed record PanelCatalogCounts(DateTime? SyncedAtUtc, int Locations, int Nodes, int Nests, int Eggs);

/// <summary>The connection test as staff read it.</summary>
public sealed record PanelTestStatus(DateTime? AtUtc, bool? Succeeded, PanelProblem? Problem, string? Detail);

/// <summary>The panel settings as the settings page shows them: the key only as its hint.</summary>
/// <param name="Origin">Which connection panel calls use now (stored, built-in, none, or a stored key that cannot be read).</param>
public sealed record PanelSettingsView(
    string PanelUrl,
    string PublicPanelUrl,
    string ApiKeyHint,
    bool HasStoredKey,
    int SyncIntervalMinutes,
    PanelConnectionOrigin Origin,
    PanelTestStatus LastTest,
    PanelSyncStatus LastSync,
    PanelCatalogCounts Catalog);

public sealed class PanelSettingsQuery(IDbContextFactory<GameHostDbContext> contexts, StoredPanelConnection connection)
{
    public async Task<PanelSettingsView> ExecuteAsync(CancellationToken cancellationToken)
    {
        PanelSettings settings;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            settings = await db.PanelSettings().AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new PanelSettings();
        }

        var origin = (await connection.ResolveAsync(cancellationToken)).Origin;
        return new PanelSettingsView(
            settings.PanelUrl,
            settings.PublicPanelUrl,
            settings.ApiKeyHint,
            settings.ProtectedApiKey.Length > 0,
            settings.SyncIntervalMinutes,
            origin,
            new PanelTestStatus(settings.LastTestAtUtc, settings.LastTestSucceeded, settings.LastTestProblem, settings.LastTestDetail),
            new PanelSyncStatus(settings.LastSyncAtUtc, settings.LastSyncSucceeded, settings.LastSyncProblem, settings.LastSyncDetail),
            new PanelCatalogCounts(settings.CatalogSyncedAtUtc, settings.CatalogLocations, settings.CatalogNodes, settings.CatalogNests, settings.CatalogEggs));
    }
}
