using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.Tasks;

namespace GameHost.Tests.Domain.Provisioning.Tasks;

public class ProvisioningQueueQueryTests : IDisposable
{
    private readonly ProvisioningTestData _data = new();

    public void Dispose() => _data.Dispose();

    private ProvisioningQueueQuery Query() => new(_data.Contexts);

    [Fact]
    public async Task ServersAsync_Search_MatchesNameEmailOrAnIdAndNothingElse()
    {
        var zola = await _data.RequestServerAsync(_data.AddCustomer("zola@players.test"), _data.Spec(name: "Zola World"));
        await _data.RequestServerAsync(_data.AddCustomer("amir@players.test"), _data.Spec(name: "Amir Arena"));

        var all = await Query().ServersAsync(null, 0, 25, CancellationToken.None);
        var byEmail = await Query().ServersAsync("ZOLA@", 0, 25, CancellationToken.None);
        var byName = await Query().ServersAsync("arena", 0, 25, CancellationToken.None);
        var byId = await Query().ServersAsync(zola.ToString("D"), 0, 25, CancellationToken.None);
        var wildcard = await Query().ServersAsync("%", 0, 25, CancellationToken.None);

        Assert.Equal(2, all.TotalCount);
        Assert.Equal("Zola World", Assert.Single(byEmail.Items).Name);
        Assert.Equal("Amir Arena", Assert.Single(byName.Items).Name);
        Assert.Equal(zola, Assert.Single(byId.Items).SubscriptionId);
        Assert.Empty(wildcard.Items);
        Assert.Equal("Paper 4 GB", all.Items[0].TariffName.En);
    }

    [Fact]
    public async Task FailedAndInFlight_SplitTheQueueAndCountIt()
    {
        var failing = await _data.RequestServerAsync();
        _data.Panel.Fail("CreateServer", FakePanel.Failure(PanelFailureKind.InvalidRequest, 422, "ValidationException"));
        await _data.RunAsync();
        await _data.RequestServerAsync();

        var status = await Query().StatusAsync(CancellationToken.None);
        var failed = await Query().FailedAsync(CancellationToken.None);
        var inFlight = await Query().InFlightAsync(CancellationToken.None);

        Assert.Equal((false, 1, 2), (status.IsPaused, status.FailedCount, status.InFlightCount));
        Assert.Equal((failing, ProvisioningTaskKind.CreateServer, "ValidationException"), (failed.Single().SubscriptionId, failed.Single().Kind, failed.Single().LastErrorCode));
        Assert.Equal([ProvisioningTaskKind.EnsurePanelUser, ProvisioningTaskKind.CreateServer], inFlight.Select(t => t.Kind));
    }
}
