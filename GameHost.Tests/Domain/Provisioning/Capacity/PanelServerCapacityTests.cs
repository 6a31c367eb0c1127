using GameHost.App.Features.Provisioning.DemoPanel;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Capacity;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.Domain.Provisioning.Capacity;

/// <summary>
/// The capacity check against the demo panel over HTTP: location 1 (jnb) and 2 (fra) have room, location 3 (nyc) is full.
/// </summary>
public sealed class PanelServerCapacityTests : IAsyncLifetime
{
    private static readonly ServerResources Paper4Gb = new(4096, 0, 20480, 200, 1, 2, ExtraAllocations: 0);

    private FakePanel _panel = null!;
    private PanelServerCapacity _capacity = null!;

    public async Task InitializeAsync()
    {
        _panel = await FakePanel.StartAsync();
        _capacity = new PanelServerCapacity(_panel.Api, _panel.Time);
    }

    public async Task DisposeAsync() => await _panel.DisposeAsync();

    [Fact]
    public async Task CheckAsync_LocationWithRoomAndPorts_Yes()
    {
        var answer = await _capacity.CheckAsync(new CapacityRequest(1, Paper4Gb, [1, 2], []), default);

        Assert.Equal(CapacityVerdict.Yes, answer.Verdict);
    }

    [Fact]
    public async Task CheckAsync_FullLocation_NoNamingTheAllowedLocationsThatCan()
    {
        var answer = await _capacity.CheckAsync(new CapacityRequest(3, Paper4Gb, [1, 2, 3], []), default);

        Assert.Equal(CapacityVerdict.No, answer.Verdict);
        Assert.Equal([1, 2], answer.LocationsThatCan);
    }

    [Fact]
    public async Task CheckAsync_TooBigForEveryNode_NoWithoutAlternatives()
    {
        var huge = Paper4Gb with { MemoryMb = 200_000 };

        var answer = await _capacity.CheckAsync(new CapacityRequest(1, huge, [1, 2], []), default);

        Assert.Equal((CapacityVerdict.No, 0), (answer.Verdict, answer.LocationsThatCan.Count));
    }

    [Fact]
    public async Task CheckAsync_OnlyNodeInMaintenance_NoEvenThoughThePanelWouldDeployThere()
    {
        _panel.Panel.Update(d => d.Nodes.Single(n => n.Id == 2).MaintenanceMode = true);

        var answer = await _capacity.CheckAsync(new CapacityRequest(2, Paper4Gb, [1, 2], []), default);

        Assert.Equal(CapacityVerdict.No, answer.Verdict);
        Assert.Equal([1], answer.LocationsThatCan);
    }

    [Fact]
    public async Task CheckAsync_MemoryButTooFewFreePorts_No()
    {
        // fra-node-01 has 30 ports; leave two free.
        _panel.Panel.Update(d =>
        {
            foreach (var port in d.Allocations.Where(a => a.NodeId == 2).Skip(2))
            {
                port.ServerId = 57;
            }
        });

        var twoPorts = await _capacity.CheckAsync(new CapacityRequest(2, Paper4Gb with { ExtraAllocations = 1 }, [2], []), default);
        var threePorts = await _capacity.CheckAsync(new CapacityRequest(2, Paper4Gb with { ExtraAllocations = 2 }, [2], []), default);

        Assert.Equal(CapacityVerdict.Yes, twoPorts.Verdict);
        Assert.Equal(CapacityVerdict.No, threePorts.Verdict);
    }

    [Fact]
    public async Task CheckAsync_TariffLimitedToOtherNodes_No()
    {
        var answer = await _capacity.CheckAsync(new CapacityRequest(1, Paper4Gb, [1], NodeIds: [2]), default);

        Assert.Equal(CapacityVerdict.No, answer.Verdict);
    }

    [Fact]
    public async Task CheckAsync_PanelFailing_UnknownWithoutThrowing()
    {
        _panel.Panel.Faults.Inject("GET", "/nodes/deployable", DemoPanelFault.Of(DemoPanelFaultKind.ServerError));

        var answer = await _capacity.CheckAsync(new CapacityRequest(1, Paper4Gb, [1, 2], []), default);

        Assert.Equal(CapacityVerdict.Unknown, answer.Verdict);
    }

    [Fact]
    public async Task CheckAsync_PanelUnreachable_Unknown()
    {
        await _panel.Host.DisposeAsync();

        var answer = await _capacity.CheckAsync(new CapacityRequest(1, Paper4Gb, [1, 2], []), default);

        Assert.Equal(CapacityVerdict.Unknown, answer.Verdict);
    }

    [Fact]
    public async Task CheckAsync_NoPanelConnected_Unknown()
    {
        _panel.Connection.Current = null;

        var answer = await _capacity.CheckAsync(new CapacityRequest(1, Paper4Gb, [1], []), default);

        Assert.Equal(CapacityVerdict.Unknown, answer.Verdict);
    }

    [Fact]
    public async Task CheckAsync_AskedAgainWithinHalfAMinute_AnsweredFromCache_ThenAskedAfresh()
    {
        var request = new CapacityRequest(1, Paper4Gb, [1], []);
        await _capacity.CheckAsync(request, default);
        var calls = _panel.Panel.Requests.All.Count;

        _panel.Panel.Update(d => d.Nodes.Single(n => n.Id == 1).MaintenanceMode = true);
        var cached = await _capacity.CheckAsync(request, default);
        Assert.Equal((CapacityVerdict.Yes, calls), (cached.Verdict, _panel.Panel.Requests.All.Count));

        _panel.Time.Advance(PanelServerCapacity.CacheFor);
        var fresh = await _capacity.CheckAsync(request, default);
        Assert.Equal(CapacityVerdict.No, fresh.Verdict);
    }

    [Fact]
    public async Task CheckAsync_UnknownAnswer_IsNotCached()
    {
        var request = new CapacityRequest(1, Paper4Gb, [1], []);
        _panel.Panel.Faults.Inject("GET", "/nodes/deployable", DemoPanelFault.Of(DemoPanelFaultKind.ServerError));
        Assert.Equal(CapacityVerdict.Unknown, (await _capacity.CheckAsync(request, default)).Verdict);

        Assert.Equal(CapacityVerdict.Yes, (await _capacity.CheckAsync(request, default)).Verdict);
    }
}
