using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Catalog;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Tests.Domain.Billing.Changes;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Pools;

public class PoolServersTests : IDisposable
{
    private readonly ChangesTestData _data = new();

    public void Dispose() => _data.Dispose();

    /// <summary>A paid 16 GB / 200 GB / 400 % pool for three servers.</summary>
    private async Task<(Guid Customer, Guid Pool)> PaidPoolAsync()
    {
        var admin = _data.AddAdmin();
        var plan = await _data.Pools().SavePlanAsync(admin, new PoolPlanForm(null, "Pool 16 GB", "Pool 16 GB", 16_384, 204_800, 400, 3, true,
            [(BillingPeriod.Month1, "ZAR", 60_000), (BillingPeriod.Month1, "USD", 3500)]), CancellationToken.None);
        Assert.True(plan.IsSuccess, plan.Error?.Code);
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 60_000, "FNB-POOL");
        var bought = await _data.Pools().BuyAsync(new BuyPoolCommand(customer, plan.Value, BillingPeriod.Month1, "pool-form"), CancellationToken.None);
        Assert.True(bought.IsSuccess && bought.Value!.Paid, bought.Error?.Code);
        return (customer, bought.Value.PoolId);
    }

    private PoolServerRequest Server(string name, int memory, int disk = 20_480, int cpu = 100) =>
        new(_data.Billing.TariffId("paper-4gb"), 1, name, memory, disk, cpu);

    [Fact]
    public async Task BuyAsync_PaidFromBalance_StartsTheFirstPeriodAndRepeatsAsTheSamePool()
    {
        var (customer, pool) = await PaidPoolAsync();

        var summary = Assert.Single(await _data.PoolServers().ListAsync(customer, CancellationToken.None));
        Assert.Equal((ResourcePoolStatus.Active, _data.NowUtc.AddMonths(1)), (summary.Status, summary.PaidUntilUtc!.Value));
        Assert.Equal(0, (await _data.BalanceAsync(customer)).Minor);
        var again = await _data.Pools().BuyAsync(new BuyPoolCommand(customer, summary.PoolId, BillingPeriod.Month1, "pool-form"), CancellationToken.None);
        Assert.Equal((pool, true), (again.Value!.PoolId, again.Value.Replayed));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task CreateAsync_UntilThePoolIsFull_RefusesWhatDoesNotFitAndDeletingFreesIt()
    {
        var (customer, pool) = await PaidPoolAsync();
        var servers = _data.PoolServers();

        var lobby = await servers.CreateAsync(customer, pool, Server("Lobby", 8192), "s1", CancellationToken.None);
        var survival = await servers.CreateAsync(customer, pool, Server("Survival", 6144), "s2", CancellationToken.None);
        var tooBig = await servers.CreateAsync(customer, pool, Server("Creative", 4096), "s3", CancellationToken.None);

        Assert.True(lobby.IsSuccess && survival.IsSuccess, lobby.Error?.Code + survival.Error?.Code);
        Assert.Equal(PoolsErrors.PoolFull.Code, tooBig.Error?.Code);
        var details = (await servers.DetailsAsync(customer, pool, CancellationToken.None)).Value!;
        Assert.Equal((14_336, 2048, 2), (details.Summary.Used.MemoryMb, details.Summary.Free.MemoryMb, details.Summary.Used.Servers));

        Assert.True((await servers.DeleteAsync(customer, pool, survival.Value, CancellationToken.None)).IsSuccess);
        Assert.True((await servers.DeleteAsync(customer, pool, survival.Value, CancellationToken.None)).IsSuccess);
        var fits = await servers.CreateAsync(customer, pool, Server("Creative", 4096), "s4", CancellationToken.None);

        Assert.True(fits.IsSuccess, fits.Error?.Code);
        await using var db = _data.Database.CreateDbContext();
        var gone = await db.GameServers().SingleAsync(s => s.SubscriptionId == survival.Value);
        Assert.Equal(GameHost.Domain.Provisioning.Servers.GameServerState.Deleting, gone.State);
        var made = await db.GameServers().SingleAsync(s => s.SubscriptionId == fits.Value);
        Assert.Equal((4096, 20_480, 100), (made.Limits.MemoryMb, made.Limits.DiskMb, made.Limits.CpuPercent));
    }

    [Fact]
    public async Task CreateAsync_ServerSlotsUsedUp_IsRefusedEvenWithMemoryLeft()
    {
        var (customer, pool) = await PaidPoolAsync();
        var servers = _data.PoolServers();
        for (var i = 1; i <= 3; i++)
        {
            Assert.True((await servers.CreateAsync(customer, pool, Server($"Server {i}", 1024), $"slot-{i}", CancellationToken.None)).IsSuccess);
        }

        var fourth = await servers.CreateAsync(customer, pool, Server("Server 4", 1024), "slot-4", CancellationToken.None);

        Assert.Equal(PoolsErrors.PoolFull.Code, fourth.Error?.Code);
    }

    [Fact]
    public async Task CreateAsync_RacingForTheLastOfThePool_OnlyOneWins()
    {
        var (customer, pool) = await PaidPoolAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => _data.PoolServers().CreateAsync(customer, pool, Server($"Race {i}", 10_000), $"race-{i}", CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(PoolsErrors.PoolFull.Code, r.Error?.Code));
    }

    [Fact]
    public async Task ResizeAsync_GrowingPastThePool_IsRefusedAndShrinkingQueuesABuild()
    {
        var (customer, pool) = await PaidPoolAsync();
        var servers = _data.PoolServers();
        var a = (await servers.CreateAsync(customer, pool, Server("Alpha", 8192), "a", CancellationToken.None)).Value;
        await servers.CreateAsync(customer, pool, Server("Beta", 8192), "b", CancellationToken.None);

        var grow = await servers.ResizeAsync(customer, pool, a, 9216, 20_480, 100, CancellationToken.None);
        var shrink = await servers.ResizeAsync(customer, pool, a, 4096, 20_480, 100, CancellationToken.None);

        Assert.Equal(PoolsErrors.PoolFull.Code, grow.Error?.Code);
        Assert.True(shrink.IsSuccess, shrink.Error?.Code);
        await using var db = _data.Database.CreateDbContext();
        var server = await db.GameServers().SingleAsync(s => s.SubscriptionId == a);
        Assert.Equal(4096, server.Limits.MemoryMb);
        Assert.Equal(1, await db.ProvisioningTasks().CountAsync(t => t.GameServerId == server.Id && t.Kind == GameHost.Domain.Provisioning.Tasks.ProvisioningTaskKind.ApplyBuild));
    }

    [Fact]
    public async Task CreateAsync_UnpaidPoolOrBadInput_IsRefused()
    {
        var admin = _data.AddAdmin();
        var plan = (await _data.Pools().SavePlanAsync(admin, new PoolPlanForm(null, "Small", null, 4096, 40_960, 200, 2, true,
            [(BillingPeriod.Month1, "ZAR", 20_000)]), CancellationToken.None)).Value;
        var customer = _data.AddCustomer();
        var unpaid = (await _data.Pools().BuyAsync(new BuyPoolCommand(customer, plan, BillingPeriod.Month1, "unpaid"), CancellationToken.None)).Value!;
        var servers = _data.PoolServers();

        Assert.False(unpaid.Paid);
        Assert.Equal(PoolsErrors.PoolNotActive.Code, (await servers.CreateAsync(customer, unpaid.PoolId, Server("X", 1024), "x1", CancellationToken.None)).Error?.Code);
        Assert.Equal(PoolsErrors.PoolNotFound.Code, (await servers.CreateAsync(_data.AddCustomer(), unpaid.PoolId, Server("X", 1024), "x2", CancellationToken.None)).Error?.Code);
        Assert.Equal(PoolsErrors.SizeInvalid.Code, (await servers.CreateAsync(customer, unpaid.PoolId, Server("X", 100), "x3", CancellationToken.None)).Error?.Code);
        Assert.Equal(PoolsErrors.PlanInvalid.Code, (await _data.Pools().SavePlanAsync(admin, new PoolPlanForm(null, "Bad", null, 0, 1, 1, 1, true,
            [(BillingPeriod.Month1, "ZAR", 1)]), CancellationToken.None)).Error?.Code);
        Assert.Equal(PoolsErrors.NotAdmin.Code, (await _data.Pools().SavePlanAsync(customer, new PoolPlanForm(null, "Ok", null, 1, 1, 1, 1, true,
            [(BillingPeriod.Month1, "ZAR", 1)]), CancellationToken.None)).Error?.Code);
    }
}
