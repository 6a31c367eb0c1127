using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Provisioning.Tasks;

/// <summary>Two processors on one file database at the same time, as a "Run now" beside the schedule or a second node.</summary>
public class ConcurrentProcessorTests : IDisposable
{
    private readonly ProvisioningTestData _data = new(onFile: true);

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task RunAsync_TwoProcessorsAtOnce_NeverCreateAServerTwice()
    {
        var subscriptions = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            subscriptions.Add(await _data.RequestServerAsync());
        }

        // Two customers' worth of servers for one customer too: their panel user must be linked once.
        var shared = _data.AddCustomer("shared@players.test");
        subscriptions.Add(await _data.RequestServerAsync(shared));
        subscriptions.Add(await _data.RequestServerAsync(shared));

        var one = _data.Processor();
        var two = _data.Processor();
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(Task.Run(() => one.RunAsync(CancellationToken.None)), Task.Run(() => two.RunAsync(CancellationToken.None)));
        }

        Assert.Equal(subscriptions.Count, _data.Panel.Count("CreateServer"));
        Assert.Equal(
            subscriptions.Select(s => s.ToString("D")).Order(),
            _data.Panel.CreateRequests.Select(r => r.ExternalId).Order());
        Assert.Equal(subscriptions.Count, _data.Panel.Servers.Count);
        Assert.Single(_data.Panel.Users, u => u.Email == "shared@players.test");

        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(subscriptions.Count, await db.ProvisioningTasks().CountAsync(t => t.Kind == ProvisioningTaskKind.CreateServer && t.State == ProvisioningTaskState.Done));
        Assert.Equal(7, await db.PanelAccounts().CountAsync());
        Assert.DoesNotContain(await db.ProvisioningTasks().ToListAsync(), t => t.State == ProvisioningTaskState.Failed);
    }
}
