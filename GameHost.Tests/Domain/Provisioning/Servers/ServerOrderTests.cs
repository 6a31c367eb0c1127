using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.Domain.Billing;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Provisioning.Servers;

/// <summary>The server a subscription bought, as Billing hands it to provisioning.</summary>
public class ServerOrderTests : IDisposable
{
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ForAsync_PlacedOrder_SoldVersionWithAddOnsLocationAndTheCustomersValuesOverDefaults()
    {
        var customer = _data.AddCustomer();
        var paper = _data.TariffId("paper-4gb");
        var placed = await _data.PlaceAsync(BillingTestData.Order(customer, paper, locationId: 2, serverName: "Thandi SMP",
            addOns: new Dictionary<string, int> { ["extra-memory"] = 2, ["extra-port"] = 1, ["database"] = 0 },
            variables: new Dictionary<string, string> { ["MINECRAFT_VERSION"] = "1.21.4" }));

        await using var db = _data.Database.CreateDbContext();
        // Read without its add-ons: the builder loads them itself.
        var subscription = await db.Subscriptions().SingleAsync(s => s.Id == placed.SubscriptionId);
        var order = await ProvisioningOrders.ForAsync(db, subscription, CancellationToken.None);

        Assert.Equal((placed.SubscriptionId, customer), (order.SubscriptionId, order.CustomerId));
        var spec = order.Spec;
        Assert.Equal(("Thandi SMP", 2, paper, 1, 3), (spec.Name, spec.LocationId, spec.TariffId, spec.TariffVersionNumber, spec.EggId));
        Assert.Equal(
            ["BUILD_NUMBER=latest", "DL_PATH=", "MINECRAFT_VERSION=1.21.4", "SERVER_JARFILE=server.jar"],
            spec.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
        Assert.Equal((4096 + 2048, 20480, 300, 500), (spec.Limits.MemoryMb, spec.Limits.DiskMb, spec.Limits.CpuPercent, spec.Limits.IoWeight));
        Assert.Equal(new ServerFeatureLimits(2, 3, 1 + 2 + 1), spec.Features);
        Assert.Equal(2, spec.AddOns.Count);
    }
}
