using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.PanelCatalog;
using GameHost.Domain.Provisioning.Settings;
using GameHost.Tests.Domain.Provisioning.Settings;

namespace GameHost.Tests.Domain.Provisioning.PanelCatalog;

public sealed class SyncPanelCatalogTests : IDisposable
{
    private readonly PanelTestData _data = new();

    [Fact]
    public async Task Execute_PanelConnected_StoresLocationsNodesNestsAndEggs()
    {
        await _data.ConnectAsync();

        var outcome = await _data.Sync().ExecuteAsync(CancellationToken.None);

        Assert.Equal(new PanelSyncOutcome(PanelSyncState.Synced, null, null, 2, 2, 1, 2), outcome);
        var catalog = await _data.CatalogQuery().ExecuteAsync(CancellationToken.None);
        Assert.Equal(_data.Time.GetUtcNow().UtcDateTime, catalog.SyncedAtUtc);
        Assert.Equal(["de-fra — Frankfurt", "za-jnb — Johannesburg"], catalog.Locations.Select(l => l.Label));
        var jnb = catalog.Locations.Single(l => l.Id == 1);
        var node = Assert.Single(jnb.Nodes);
        Assert.Equal((3, 16384 - 4096, 102400 - 20480, 12, true), (node.Id, node.FreeMemoryMb, node.FreeDiskMb, node.FreeAllocations, node.TakesNewServers));
        var fra = Assert.Single(catalog.Locations.Single(l => l.Id == 2).Nodes);
        Assert.True(fra.MaintenanceMode);
        Assert.False(fra.TakesNewServers);

        var paper = catalog.FindEgg(3);
        Assert.NotNull(paper);
        Assert.Equal(1, paper.NestId);
        Assert.Equal("java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}", paper.Startup);
        Assert.Equal(
            [KeyValuePair.Create("Java 21", "ghcr.io/pterodactyl/yolks:java_21"), KeyValuePair.Create("Java 17", "ghcr.io/pterodactyl/yolks:java_17")],
            paper.DockerImages);
        Assert.Equal(["SERVER_JARFILE", "BUILD_NUMBER", "MAX_PLAYERS"], paper.Variables.Select(v => v.EnvVariable));
        Assert.Equal(("20", "required|integer|min:1|max:500", false), (paper.Variables[2].DefaultValue, paper.Variables[2].Rules, paper.Variables[2].UserEditable));

        var stored = await _data.StoredAsync();
        Assert.Equal((true, 2, 2, 1, 2), (stored!.LastSyncSucceeded, stored.CatalogLocations, stored.CatalogNodes, stored.CatalogNests, stored.CatalogEggs));
    }

    [Fact]
    public async Task Execute_Twice_StoresTheSameCatalogue()
    {
        await _data.ConnectAsync();
        await _data.Sync().ExecuteAsync(CancellationToken.None);
        var first = await _data.CatalogQuery().ExecuteAsync(CancellationToken.None);

        var again = await _data.Sync().ExecuteAsync(CancellationToken.None);
        var second = await _data.CatalogQuery().ExecuteAsync(CancellationToken.None);

        Assert.Equal(PanelSyncState.Synced, again.State);
        Assert.Equal(Describe(first), Describe(second));
    }

    [Fact]
    public async Task Execute_PanelChanged_ReplacesTheWholeSnapshot()
    {
        await _data.ConnectAsync();
        await _data.Sync().ExecuteAsync(CancellationToken.None);
        _data.Panel.Locations.RemoveAll(l => l.Id == 2);
        _data.Panel.Nodes.RemoveAll(n => n.Id == 4);
        _data.Panel.Eggs[1].RemoveAll(e => e.Id == 5);
        _data.Panel.FreeAllocations[3].RemoveRange(0, 10);

        await _data.Sync().ExecuteAsync(CancellationToken.None);

        var catalog = await _data.CatalogQuery().ExecuteAsync(CancellationToken.None);
        Assert.Equal([1], catalog.Locations.Select(l => l.Id));
        Assert.Equal(2, catalog.FindNode(3)!.FreeAllocations);
        Assert.Null(catalog.FindNode(4));
        Assert.Null(catalog.FindEgg(5));
        Assert.NotNull(catalog.FindEgg(3));
    }

    [Fact]
    public async Task Execute_PanelFailsHalfway_KeepsTheOldSnapshotAndRecordsTheFailure()
    {
        await _data.ConnectAsync();
        await _data.Sync().ExecuteAsync(CancellationToken.None);
        var before = Describe(await _data.CatalogQuery().ExecuteAsync(CancellationToken.None));
        var firstSyncAt = _data.Time.GetUtcNow().UtcDateTime;
        _data.Time.Advance(TimeSpan.FromHours(1));
        _data.Panel.Locations.Clear();
        _data.Panel.Failures["ListEggs"] = FakePanelApi.Failure(PanelFailureKind.DaemonUnavailable, 504, "DaemonConnectionException", "Could not establish a connection.");

        var outcome = await _data.Sync().ExecuteAsync(CancellationToken.None);

        Assert.Equal(PanelSyncState.Failed, outcome.State);
        Assert.Equal(PanelProblem.PanelError, outcome.Problem);
        Assert.Equal(before, Describe(await _data.CatalogQuery().ExecuteAsync(CancellationToken.None)));
        var view = await _data.SettingsQuery().ExecuteAsync(CancellationToken.None);
        Assert.Equal(new PanelSyncStatus(_data.Time.GetUtcNow().UtcDateTime, false, PanelProblem.PanelError,
            "HTTP 504 DaemonConnectionException: Could not establish a connection."), view.LastSync);
        Assert.Equal(firstSyncAt, view.Catalog.SyncedAtUtc);
        Assert.Equal(2, view.Catalog.Locations);
    }

    [Fact]
    public async Task Execute_NoPanel_RecordsNotConfiguredWithoutCallingAnything()
    {
        var outcome = await _data.Sync().ExecuteAsync(CancellationToken.None);

        Assert.Equal((PanelSyncState.Failed, PanelProblem.NotConfigured), (outcome.State, outcome.Problem));
        Assert.Empty(_data.Panel.Calls);
        Assert.True((await _data.CatalogQuery().ExecuteAsync(CancellationToken.None)).IsEmpty);
    }

    [Fact]
    public async Task ExecuteIfDue_WithinTheInterval_DoesNotCallThePanelUntilItPasses()
    {
        await _data.ConnectAsync();
        Assert.Equal(PanelSyncState.Synced, (await _data.Sync().ExecuteIfDueAsync(CancellationToken.None)).State);
        var calls = _data.Panel.Calls.Count;

        _data.Time.Advance(TimeSpan.FromMinutes(59));
        var early = await _data.Sync().ExecuteIfDueAsync(CancellationToken.None);
        Assert.Equal(PanelSyncState.NotDue, early.State);
        Assert.Equal(calls, _data.Panel.Calls.Count);

        _data.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(PanelSyncState.Synced, (await _data.Sync().ExecuteIfDueAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task ExecuteIfDue_NoPanelAtAll_RecordsNothing()
    {
        var outcome = await _data.Sync().ExecuteIfDueAsync(CancellationToken.None);

        Assert.Equal(PanelSyncState.NoPanel, outcome.State);
        Assert.Null(await _data.StoredAsync());
    }

    [Fact]
    public async Task ExecuteIfDue_BuiltInPanelOnly_SyncsIt()
    {
        _data.BuiltIn.Add(new FakeBuiltInPanel(FakeBuiltInPanel.Demo));

        var outcome = await _data.Sync().ExecuteIfDueAsync(CancellationToken.None);

        Assert.Equal(PanelSyncState.Synced, outcome.State);
        Assert.Equal(PanelConnectionOrigin.BuiltIn, (await _data.SettingsQuery().ExecuteAsync(CancellationToken.None)).Origin);
    }

    [Theory]
    [InlineData(10000, 0, 4000, 6000)]
    [InlineData(10000, 50, 4000, 11000)]
    [InlineData(10000, -1, 0, 9900)]
    [InlineData(10000, -1, 9950, 0)]
    [InlineData(10000, 0, 12000, 0)]
    public void Free_CapacityOverallocationAndAllocated_CountsLikeThePanel(int capacity, int overallocate, int allocated, int expected) =>
        Assert.Equal(expected, NodeCapacity.Free(capacity, overallocate, allocated));

    [Fact]
    public async Task LocationNames_AfterSync_NamesSyncedIdsAndFallsBackForOthers()
    {
        Assert.Equal("Location 1", (await _data.LocationNames().ExecuteAsync(CancellationToken.None)).Label(1));
        await _data.ConnectAsync();
        await _data.Sync().ExecuteAsync(CancellationToken.None);

        var names = await _data.LocationNames().ExecuteAsync(CancellationToken.None);

        Assert.Equal("Johannesburg", names.Label(1));
        Assert.Equal("za-jnb — Johannesburg", names.FullLabel(1));
        Assert.Equal("Location 7", names.Label(7));
        Assert.Equal("Ubicación 7", names.Label(7, id => $"Ubicación {id}"));
    }

    private static string Describe(PanelCatalogView catalog) => System.Text.Json.JsonSerializer.Serialize(new { catalog.Locations, catalog.Nests });

    public void Dispose() => _data.Dispose();
}

public class PanelNodeViewTests
{
    [Theory]
    [InlineData(1024, 1024, 3, false)]
    [InlineData(0, 1024, 3, true)]
    [InlineData(1024, 0, 3, true)]
    [InlineData(1024, 1024, 0, true)]
    public void TakesNewServers_FullNode_IsShownFullNotAvailable(int freeMemory, int freeDisk, int freePorts, bool full)
    {
        var node = new GameHost.Domain.Provisioning.PanelCatalog.PanelNodeView(
            1, 1, "node", "node.example.com", Public: true, MaintenanceMode: false, 4096, 8192, freeMemory, freeDisk, freePorts);

        Assert.Equal((full, !full), (node.IsFull, node.TakesNewServers));
    }
}
