using System.Globalization;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Settings;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.PanelCatalog;

public enum PanelSyncState
{
    /// <summary>The catalogue was read and stored.</summary>
    Synced = 0,

    /// <summary>The panel could not be read; the previous catalogue stays and the failure is recorded.</summary>
    Failed = 1,

    /// <summary>A scheduled run found the last sync recent enough.</summary>
    NotDue = 2,

    /// <summary>A scheduled run found no panel to read (none connected and no built-in panel).</summary>
    NoPanel = 3,
}

/// <summary>What one sync did.</summary>
public sealed record PanelSyncOutcome(PanelSyncState State, PanelProblem? Problem, string? Detail, int Locations, int Nodes, int Nests, int Eggs)
{
    public string ToSummary() => State switch
    {
        PanelSyncState.Synced => string.Create(CultureInfo.InvariantCulture,
            $"Synced {Locations} locations, {Nodes} nodes, {Nests} nests, {Eggs} eggs."),
        PanelSyncState.Failed => $"Sync failed ({Problem}): {Detail}",
        PanelSyncState.NotDue => "Not due yet.",
        _ => "No panel connected.",
    };
}

/// <summary>
/// Reads the panel's locations, nodes (with their free allocations), nests and eggs (with images and variables) and
/// replaces the stored catalogue with them in one transaction. Everything is read before anything is written, so a
/// panel that fails halfway leaves the previous catalogue whole; the failure is recorded on the settings row for
/// staff. Running it twice against the same panel stores the same catalogue.
/// </summary>
public sealed class SyncPanelCatalog(
    IDbContextFactory<GameHostDbContext> contexts, StoredPanelConnection connection, IPterodactylApi panel, TimeProvider time)
{
    /// <summary>Syncs now (staff's "Sync now").</summary>
    public async Task<PanelSyncOutcome> ExecuteAsync(CancellationToken cancellationToken)
    {
        var resolution = await connection.ResolveAsync(cancellationToken);
        if (resolution.Connection is null)
        {
            var problem = resolution.Origin == PanelConnectionOrigin.KeyUnreadable ? PanelProblem.KeyUnreadable : PanelProblem.NotConfigured;
            return await RecordFailureAsync(problem, null, cancellationToken);
        }

        return await SyncAsync(cancellationToken);
    }

    /// <summary>
    /// The scheduled run: syncs when the stored interval has passed since the last attempt. With no panel at all it
    /// records nothing (a fresh install is not a failure); with an unreadable key it records the failure, once per interval.
    /// </summary>
    public async Task<PanelSyncOutcome> ExecuteIfDueAsync(CancellationToken cancellationToken)
    {
        var resolution = await connection.ResolveAsync(cancellationToken);
        if (resolution.Origin == PanelConnectionOrigin.None)
        {
            return new PanelSyncOutcome(PanelSyncState.NoPanel, PanelProblem.NotConfigured, null, 0, 0, 0, 0);
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var last = await db.PanelSettings().AsNoTracking()
                .Select(s => new { s.LastSyncAtUtc, s.SyncIntervalMinutes })
                .FirstOrDefaultAsync(cancellationToken);
            if (last?.LastSyncAtUtc is { } at && time.GetUtcNow().UtcDateTime - at < TimeSpan.FromMinutes(last.SyncIntervalMinutes))
            {
                return new PanelSyncOutcome(PanelSyncState.NotDue, null, null, 0, 0, 0, 0);
            }
        }

        return resolution.Connection is null
            ? await RecordFailureAsync(PanelProblem.KeyUnreadable, null, cancellationToken)
            : await SyncAsync(cancellationToken);
    }

    private async Task<PanelSyncOutcome> SyncAsync(CancellationToken cancellationToken)
    {
        var read = await ReadAsync(cancellationToken);
        if (read.Failure is { } failure)
        {
            return await RecordFailureAsync(PanelProblems.Classify(failure), PanelDetail.Of(failure), cancellationToken);
        }

        var snapshot = read.Snapshot!;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.PanelEggVariables().ExecuteDeleteAsync(cancellationToken);
        await db.PanelEggImages().ExecuteDeleteAsync(cancellationToken);
        await db.PanelEggs().ExecuteDeleteAsync(cancellationToken);
        await db.PanelNests().ExecuteDeleteAsync(cancellationToken);
        await db.PanelNodes().ExecuteDeleteAsync(cancellationToken);
        await db.PanelLocations().ExecuteDeleteAsync(cancellationToken);
        db.PanelLocations().AddRange(snapshot.Locations);
        db.PanelNodes().AddRange(snapshot.Nodes);
        db.PanelNests().AddRange(snapshot.Nests);
        db.PanelEggs().AddRange(snapshot.Eggs);

        var settings = await db.PanelSettings().SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new PanelSettings();
            db.PanelSettings().Add(settings);
        }

        settings.LastSyncAtUtc = now;
        settings.LastSyncSucceeded = true;
        settings.LastSyncProblem = null;
        settings.LastSyncDetail = null;
        settings.CatalogSyncedAtUtc = now;
        settings.CatalogLocations = snapshot.Locations.Count;
        settings.CatalogNodes = snapshot.Nodes.Count;
        settings.CatalogNests = snapshot.Nests.Count;
        settings.CatalogEggs = snapshot.Eggs.Count;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PanelSyncOutcome(
            PanelSyncState.Synced, null, null, snapshot.Locations.Count, snapshot.Nodes.Count, snapshot.Nests.Count, snapshot.Eggs.Count);
    }

    private async Task<PanelSyncOutcome> RecordFailureAsync(PanelProblem problem, string? detail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await PanelStatus.UpdateAsync(contexts, settings =>
        {
            settings.LastSyncAtUtc = now;
            settings.LastSyncSucceeded = false;
            settings.LastSyncProblem = problem;
            settings.LastSyncDetail = detail;
        }, cancellationToken);
        return new PanelSyncOutcome(PanelSyncState.Failed, problem, detail, 0, 0, 0, 0);
    }

    private async Task<(Snapshot? Snapshot, PanelFailure? Failure)> ReadAsync(CancellationToken cancellationToken)
    {
        var locations = await panel.ListLocationsAsync(cancellationToken);
        if (!locations.IsSuccess)
        {
            return (null, locations.Failure);
        }

        var nodes = await panel.ListNodesAsync(cancellationToken);
        if (!nodes.IsSuccess)
        {
            return (null, nodes.Failure);
        }

        // Pages read one after another can repeat an item when the panel changes in between: keep each id once.
        var syncedNodes = new List<SyncedNode>();
        foreach (var node in (nodes.Value ?? []).DistinctBy(n => n.Id))
        {
            var free = await panel.ListFreeAllocationsAsync(node.Id, cancellationToken);
            if (!free.IsSuccess)
            {
                return (null, free.Failure);
            }

            syncedNodes.Add(ToNode(node, (free.Value ?? []).Where(a => !a.Assigned).DistinctBy(a => a.Id).Count()));
        }

        var nests = await panel.ListNestsAsync(cancellationToken);
        if (!nests.IsSuccess)
        {
            return (null, nests.Failure);
        }

        var syncedNests = (nests.Value ?? []).DistinctBy(n => n.Id).ToList();
        var eggs = new List<SyncedEgg>();
        foreach (var nest in syncedNests)
        {
            var nestEggs = await panel.ListEggsAsync(nest.Id, cancellationToken);
            if (!nestEggs.IsSuccess)
            {
                return (null, nestEggs.Failure);
            }

            eggs.AddRange((nestEggs.Value ?? []).Where(e => eggs.All(known => known.Id != e.Id)).DistinctBy(e => e.Id).Select(e => ToEgg(e, nest.Id)));
        }

        var snapshot = new Snapshot(
            (locations.Value ?? []).DistinctBy(l => l.Id)
                .Select(l => new SyncedLocation { Id = l.Id, Code = Clip(l.Code, 191), Description = string.IsNullOrWhiteSpace(l.Description) ? null : Clip(l.Description, 191) })
                .ToList(),
            syncedNodes,
            syncedNests.Select(n => new SyncedNest { Id = n.Id, Name = Clip(n.Name, 191), Description = Clip(n.Description ?? "", 4000) }).ToList(),
            eggs);
        return (snapshot, null);
    }

    private static SyncedNode ToNode(PanelNode node, int freeAllocations) => new()
    {
        Id = node.Id,
        LocationId = node.LocationId,
        Name = Clip(node.Name, 191),
        Fqdn = Clip(node.Fqdn ?? "", 255),
        Public = node.Public,
        MaintenanceMode = node.MaintenanceMode,
        MemoryMb = node.MemoryMb,
        MemoryOverallocatePercent = node.MemoryOverallocatePercent,
        DiskMb = node.DiskMb,
        DiskOverallocatePercent = node.DiskOverallocatePercent,
        AllocatedMemoryMb = node.AllocatedMemoryMb,
        AllocatedDiskMb = node.AllocatedDiskMb,
        FreeAllocations = freeAllocations,
    };

    private static SyncedEgg ToEgg(PanelEgg egg, int nestId) => new()
    {
        Id = egg.Id,
        NestId = nestId,
        Name = Clip(egg.Name, 191),
        Description = Clip(egg.Description ?? "", 4000),
        Startup = Clip(egg.Startup ?? "", 4000),
        DockerImages = (egg.DockerImages ?? new Dictionary<string, string>())
            .Select((pair, i) => new SyncedDockerImage { Position = i, DisplayName = Clip(pair.Key, 191), Image = Clip(pair.Value, 500) })
            .ToList(),
        Variables = (egg.Variables ?? [])
            .Select((v, i) => new SyncedEggVariable
            {
                Position = i,
                Name = Clip(v.Name, 191),
                Description = Clip(v.Description ?? "", 4000),
                EnvVariable = Clip(v.EnvVariable, 191),
                DefaultValue = Clip(v.DefaultValue ?? "", 4000),
                UserViewable = v.UserViewable,
                UserEditable = v.UserEditable,
                Rules = Clip(v.Rules ?? "", 1000),
            })
            .ToList(),
    };

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    private sealed record Snapshot(List<SyncedLocation> Locations, List<SyncedNode> Nodes, List<SyncedNest> Nests, List<SyncedEgg> Eggs);
}
