using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.PanelCatalog;

public sealed record PanelNodeView(
    int Id, int LocationId, string Name, string Fqdn, bool Public, bool MaintenanceMode,
    int MemoryMb, int DiskMb, int FreeMemoryMb, int FreeDiskMb, int FreeAllocations)
{
    /// <summary>Public and not in maintenance, with memory, disk and a port still free (as of the last sync).</summary>
    public bool TakesNewServers => Public && !MaintenanceMode && !IsFull;

    /// <summary>No memory, disk or port left, so the panel would refuse a new server there.</summary>
    public bool IsFull => FreeMemoryMb <= 0 || FreeDiskMb <= 0 || FreeAllocations <= 0;
}

public sealed record PanelLocationView(int Id, string Code, string? Description, IReadOnlyList<PanelNodeView> Nodes)
{
    /// <summary>How staff see it: <c>za-jnb — Johannesburg</c>, or the code alone.</summary>
    public string Label => PanelLocationName.StaffLabel(Code, Description);
}

public sealed record PanelEggVariableView(
    string Name, string Description, string EnvVariable, string DefaultValue, bool UserViewable, bool UserEditable, string Rules);

/// <param name="DockerImages">Display name → image, in the panel's order.</param>
public sealed record PanelEggView(
    int Id, int NestId, string Name, string Description, string Startup,
    IReadOnlyList<KeyValuePair<string, string>> DockerImages, IReadOnlyList<PanelEggVariableView> Variables);

public sealed record PanelNestView(int Id, string Name, string Description, IReadOnlyList<PanelEggView> Eggs);

/// <summary>The synced catalogue; <see cref="IsEmpty"/> when no sync has stored anything yet.</summary>
public sealed record PanelCatalogView(DateTime? SyncedAtUtc, IReadOnlyList<PanelLocationView> Locations, IReadOnlyList<PanelNestView> Nests)
{
    public static readonly PanelCatalogView Empty = new(null, [], []);

    public bool IsEmpty => Locations.Count == 0 && Nests.Count == 0;

    public PanelEggView? FindEgg(int eggId) => Nests.SelectMany(n => n.Eggs).FirstOrDefault(e => e.Id == eggId);

    public PanelNodeView? FindNode(int nodeId) => Locations.SelectMany(l => l.Nodes).FirstOrDefault(n => n.Id == nodeId);
}

/// <summary>Reads the synced panel catalogue for the settings page and the tariff editor.</summary>
public sealed class PanelCatalogQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<PanelCatalogView> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var syncedAt = await db.PanelSettings().AsNoTracking().Select(s => s.CatalogSyncedAtUtc).SingleOrDefaultAsync(cancellationToken);
        var locations = await db.PanelLocations().AsNoTracking().OrderBy(l => l.Code).ThenBy(l => l.Id).ToListAsync(cancellationToken);
        var nodes = await db.PanelNodes().AsNoTracking().OrderBy(n => n.Name).ThenBy(n => n.Id).ToListAsync(cancellationToken);
        var nests = await db.PanelNests().AsNoTracking().OrderBy(n => n.Name).ThenBy(n => n.Id).ToListAsync(cancellationToken);
        var eggs = await db.PanelEggs().AsNoTracking()
            .Include(e => e.DockerImages)
            .Include(e => e.Variables)
            .AsSplitQuery()
            .OrderBy(e => e.Name).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);

        var nodeViews = nodes.Select(n => new PanelNodeView(
                n.Id, n.LocationId, n.Name, n.Fqdn, n.Public, n.MaintenanceMode, n.MemoryMb, n.DiskMb, n.FreeMemoryMb, n.FreeDiskMb, n.FreeAllocations))
            .ToLookup(n => n.LocationId);
        var eggViews = eggs.Select(e => new PanelEggView(
                e.Id, e.NestId, e.Name, e.Description, e.Startup,
                e.DockerImages.OrderBy(i => i.Position).Select(i => KeyValuePair.Create(i.DisplayName, i.Image)).ToList(),
                e.Variables.OrderBy(v => v.Position)
                    .Select(v => new PanelEggVariableView(v.Name, v.Description, v.EnvVariable, v.DefaultValue, v.UserViewable, v.UserEditable, v.Rules))
                    .ToList()))
            .ToLookup(e => e.NestId);

        var locationViews = locations.Select(l => new PanelLocationView(l.Id, l.Code, l.Description, nodeViews[l.Id].ToList())).ToList();

        // A node whose location the panel did not list (deleted meanwhile) still shows, under its location id.
        var known = locations.Select(l => l.Id).ToHashSet();
        locationViews.AddRange(nodeViews.Where(g => !known.Contains(g.Key))
            .Select(g => new PanelLocationView(g.Key, g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), null, g.ToList())));

        return new PanelCatalogView(
            syncedAt,
            locationViews,
            nests.Select(n => new PanelNestView(n.Id, n.Name, n.Description, eggViews[n.Id].ToList())).ToList());
    }
}
