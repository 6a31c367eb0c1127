using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Catalog;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Billing.Changes;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Pools;

/// <summary>A pool's life after purchase: dunning of its servers, cancellation and resizing, over simulated months.</summary>
public class PoolLifecycleTests : IDisposable
{
    private readonly ChangesTestData _data = new();
    private Guid _admin;
    private Guid _smallPlan;
    private Guid _bigPlan;

    public void Dispose() => _data.Dispose();

    /// <summary>A paid 8 GB pool (30 000 a month; 16 GB is 60 000) with <paramref name="servers"/> servers of 2 GB and 20 GB disk.</summary>
    private async Task<(Guid Customer, Guid Pool, List<Guid> Servers)> PoolAsync(int servers, long extraCredit = 0)
    {
        _admin = _data.AddAdmin();
        _smallPlan = (await _data.Pools().SavePlanAsync(_admin, new PoolPlanForm(null, "Pool 8 GB", "Pool 8 GB", 8192, 102_400, 200, 3, true,
            [(BillingPeriod.Month1, "ZAR", 30_000)]), CancellationToken.None)).Value;
        _bigPlan = (await _data.Pools().SavePlanAsync(_admin, new PoolPlanForm(null, "Pool 16 GB", "Pool 16 GB", 16_384, 204_800, 400, 4, true,
            [(BillingPeriod.Month1, "ZAR", 60_000)]), CancellationToken.None)).Value;
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 30_000 + extraCredit, "FNB-" + Guid.NewGuid().ToString("N")[..6]);
        var bought = await _data.Pools().BuyAsync(new BuyPoolCommand(customer, _smallPlan, BillingPeriod.Month1, Guid.NewGuid().ToString("N")), CancellationToken.None);
        Assert.True(bought.Value!.Paid);
        var ids = new List<Guid>();
        for (var i = 0; i < servers; i++)
        {
            var created = await _data.PoolServers().CreateAsync(customer, bought.Value.PoolId,
                new PoolServerRequest(_data.Billing.TariffId("paper-4gb"), 1, $"Server {i + 1}", 2048, 20_480, 50), $"server-{i}", CancellationToken.None);
            Assert.True(created.IsSuccess, created.Error?.Code);
            ids.Add(created.Value);
        }

        return (customer, bought.Value.PoolId, ids);
    }

    private async Task<ResourcePool> PoolRowAsync(Guid id)
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.ResourcePools().AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task<List<Invoice>> PoolInvoicesAsync(string prefix)
    {
        await using var db = _data.Database.CreateDbContext();
        return (await db.Invoices().AsNoTracking().Where(i => i.IdempotencyKey.StartsWith(prefix)).ToListAsync()).OrderBy(i => i.Number).ToList();
    }

    /// <summary>One simulated day: the pool-renewals job (renewals, then pool dunning), run twice to prove a repeat changes nothing.</summary>
    private async Task DayAsync()
    {
        _data.Time.Advance(TimeSpan.FromDays(1));
        for (var run = 0; run < 2; run++)
        {
            await _data.PoolRenewals().RunAsync(CancellationToken.None);
            await _data.PoolDunning().RunAsync(ChangesTestData.Notice, CancellationToken.None);
            await _data.EndingSweep().RunAsync(CancellationToken.None);
        }
    }

    private async Task<int> TasksAsync(IEnumerable<Guid> servers, ProvisioningTaskKind kind)
    {
        var total = 0;
        foreach (var server in servers)
        {
            total += await _data.TaskCountAsync(server, kind);
        }

        return total;
    }

    [Fact]
    public async Task PoolDunning_RenewalUnpaidPastTheDelay_SuspendsEveryServerOnceAndPayingUnsuspendsThem()
    {
        var (customer, pool, servers) = await PoolAsync(servers: 2);
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;

        // Day by day until one day before the suspension (due date = end of the paid time, plus 5 days).
        while (_data.NowUtc < paidUntil.AddDays(_data.DunningOptions.SuspendAfterDays - 1))
        {
            await DayAsync();
        }

        Assert.Equal(ResourcePoolStatus.Active, (await PoolRowAsync(pool)).Status);
        await DayAsync();
        await DayAsync();

        var suspended = await PoolRowAsync(pool);
        Assert.Equal(ResourcePoolStatus.Suspended, suspended.Status);
        Assert.Equal(2, await TasksAsync(servers, ProvisioningTaskKind.Suspend)); // One per server, however often the job ran.
        var created = await _data.PoolServers().CreateAsync(customer, pool,
            new PoolServerRequest(_data.Billing.TariffId("paper-4gb"), 1, "Third", 1024, 10_240, 20), "server-late", CancellationToken.None);
        Assert.Equal(PoolsErrors.PoolNotActive.Code, created.Error?.Code);

        var renewal = Assert.Single(await PoolInvoicesAsync(PoolRenewalSweep.InvoiceKeyPrefix));
        await _data.PayAsync(customer, renewal.Id, renewal.GrossTotal.Minor, "FNB-LATE");

        var after = await PoolRowAsync(pool);
        Assert.Equal((ResourcePoolStatus.Active, (DateTime?)null), (after.Status, after.SuspendedAtUtc));
        Assert.Equal(BillingPeriod.Month1.EndOf(paidUntil), after.PaidUntilUtc); // The paid time continues where it ended.
        Assert.Equal(2, await TasksAsync(servers, ProvisioningTaskKind.Unsuspend));
        await DayAsync();
        Assert.Equal(2, await TasksAsync(servers, ProvisioningTaskKind.Suspend));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task CustomerServices_PoolWithServers_ListsThemMarkedWithTheirPool()
    {
        var (customer, pool, servers) = await PoolAsync(servers: 2);
        var query = new GameHost.Domain.Billing.Queries.CustomerServicesQuery(_data.Database, _data.Time,
            Microsoft.Extensions.Options.Options.Create(new ProvisioningQueueOptions()));

        var listed = await query.ListAsync(customer, CancellationToken.None);

        Assert.Equal(servers.Order(), listed.Where(s => s.InPool).Select(s => s.SubscriptionId).Order());
        Assert.All(listed, s => Assert.Equal((pool, "Pool 8 GB"), (s.PoolId!.Value, s.PoolName!.En)));
        Assert.Equal(["Server 1", "Server 2"], listed.Select(s => s.ServerName).Order());
        Assert.True((await _data.PoolCancellation().CancelNowAsync(customer, pool, CancellationToken.None)).IsSuccess);
        Assert.Empty(await query.ListAsync(customer, CancellationToken.None)); // Servers of an ended pool are gone.
    }

    [Fact]
    public async Task PoolDunning_StillUnpaidAfterTheTerminationDelay_DeletesEveryServerAndWritesTheDebtOff()
    {
        var (_, pool, servers) = await PoolAsync(servers: 2);
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;
        var terminateAt = paidUntil.AddDays(_data.DunningOptions.SuspendAfterDays + _data.DunningOptions.TerminateAfterDays + 1);

        while (_data.NowUtc < terminateAt)
        {
            await DayAsync();
        }

        var ended = await PoolRowAsync(pool);
        Assert.Equal(ResourcePoolStatus.Terminated, ended.Status);
        Assert.Equal(2, await TasksAsync(servers, ProvisioningTaskKind.Delete));
        await using (var db = _data.Database.CreateDbContext())
        {
            Assert.All(await db.PoolServers().AsNoTracking().Where(s => s.PoolId == pool).ToListAsync(), s => Assert.Equal(PoolServerStatus.Deleted, s.Status));
        }

        var renewal = Assert.Single(await PoolInvoicesAsync(PoolRenewalSweep.InvoiceKeyPrefix));
        Assert.Equal(InvoiceStatus.Uncollectible, renewal.Status);
        await DayAsync(); // Nothing more happens to a terminated pool.
        Assert.Equal(2, await TasksAsync(servers, ProvisioningTaskKind.Delete));
        Assert.Single(await PoolInvoicesAsync(PoolRenewalSweep.InvoiceKeyPrefix));
    }

    [Fact]
    public async Task PoolDunning_CustomerOnHold_IsNotSuspended()
    {
        var (customer, pool, _) = await PoolAsync(servers: 1);
        await using (var db = _data.Database.CreateDbContext())
        {
            GameHost.Domain.Billing.Dunning.DunningSets.DunningHolds(db).Add(new GameHost.Domain.Billing.Dunning.DunningHold
            {
                CustomerId = customer, UntilUtc = _data.NowUtc.AddDays(60), Reason = "Trusted", SetByUserId = _admin, SetAtUtc = _data.NowUtc, ConcurrencyToken = Guid.NewGuid(),
            });
            await db.SaveChangesAsync();
        }

        for (var day = 0; day < 40; day++)
        {
            await DayAsync();
        }

        Assert.Equal(ResourcePoolStatus.Active, (await PoolRowAsync(pool)).Status);
    }

    [Fact]
    public async Task CancelAtPeriodEnd_ThreeSimulatedMonths_NoRenewalAndTheSweepEndsThePoolOnce()
    {
        var (customer, pool, servers) = await PoolAsync(servers: 2, extraCredit: 200_000);
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;

        var cancelled = await _data.PoolCancellation().CancelAtPeriodEndAsync(customer, pool, CancellationToken.None);
        var again = await _data.PoolCancellation().CancelAtPeriodEndAsync(customer, pool, CancellationToken.None);

        Assert.Equal((paidUntil, false, true), (cancelled.Value!.EndsAtUtc, cancelled.Value.Replayed, again.Value!.Replayed));
        for (var day = 0; day < 92; day++)
        {
            await DayAsync();
        }

        Assert.Empty(await PoolInvoicesAsync(PoolRenewalSweep.InvoiceKeyPrefix));
        var ended = await PoolRowAsync(pool);
        Assert.Equal((ResourcePoolStatus.Cancelled, paidUntil), (ended.Status, ended.EndsAtUtc!.Value));
        Assert.Equal(2, await TasksAsync(servers, ProvisioningTaskKind.Delete));
        Assert.Equal(200_000, (await _data.BalanceAsync(customer)).Minor); // Nothing charged after the cancel.
        Assert.DoesNotContain(await _data.PoolServers().ListAsync(customer, CancellationToken.None), p => p.PoolId == pool);
    }

    [Fact]
    public async Task CancelAtPeriodEnd_AfterTheRenewalWasInvoicedAndThenUndone_VoidsItAndBillsThePeriodAfresh()
    {
        var (customer, pool, _) = await PoolAsync(servers: 0);
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;
        _data.Time.Advance(paidUntil - _data.NowUtc - TimeSpan.FromDays(3));
        await _data.PoolRenewals().RunAsync(CancellationToken.None);
        var first = Assert.Single(await PoolInvoicesAsync(PoolRenewalSweep.InvoiceKeyPrefix));

        Assert.True((await _data.PoolCancellation().CancelAtPeriodEndAsync(customer, pool, CancellationToken.None)).IsSuccess);
        Assert.Equal(InvoiceStatus.Void, (await _data.InvoiceAsync(first.Id)).Status);
        Assert.True((await _data.PoolCancellation().UndoCancelAsync(customer, pool, CancellationToken.None)).IsSuccess);
        await _data.PoolRenewals().RunAsync(CancellationToken.None);
        await _data.PoolRenewals().RunAsync(CancellationToken.None);

        var invoices = await PoolInvoicesAsync(PoolRenewalSweep.InvoiceKeyPrefix);
        Assert.Equal(2, invoices.Count);
        var fresh = invoices.Single(i => i.Id != first.Id);
        Assert.Equal((InvoiceStatus.Open, (DateTime?)paidUntil), (fresh.Status, fresh.ServicePeriodStartUtc));
        await _data.PayAsync(customer, fresh.Id, fresh.GrossTotal.Minor, "FNB-RENEW");
        Assert.Equal(BillingPeriod.Month1.EndOf(paidUntil), (await PoolRowAsync(pool)).PaidUntilUtc);
    }

    [Fact]
    public async Task CancelNow_HalfWayThroughThePeriod_RefundsHalfOnceAndDeletesTheServers()
    {
        var (customer, pool, servers) = await PoolAsync(servers: 2);
        _data.Time.Advance(TimeSpan.FromDays(15)); // June has 30 days: half the period is left.

        var quote = await _data.PoolCancellation().QuoteNowAsync(customer, pool, CancellationToken.None);
        var cancelled = await _data.PoolCancellation().CancelNowAsync(customer, pool, CancellationToken.None);
        var again = await _data.PoolCancellation().CancelNowAsync(customer, pool, CancellationToken.None);

        Assert.Equal(15_000, quote.Value!.Refund.Minor);
        Assert.Equal((15_000, false), (cancelled.Value!.Refunded.Minor, cancelled.Value.Replayed));
        Assert.Equal((15_000, true), (again.Value!.Refunded.Minor, again.Value.Replayed));
        Assert.Equal(15_000, (await _data.BalanceAsync(customer)).Minor);
        Assert.Equal(ResourcePoolStatus.Cancelled, (await PoolRowAsync(pool)).Status);
        Assert.Equal(2, await TasksAsync(servers, ProvisioningTaskKind.Delete));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task CancelNow_SuspendedPool_VoidsTheOverdueRenewalAndRefundsNothing()
    {
        var (customer, pool, servers) = await PoolAsync(servers: 1);
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;
        while (_data.NowUtc < paidUntil.AddDays(_data.DunningOptions.SuspendAfterDays))
        {
            await DayAsync();
        }

        Assert.Equal(ResourcePoolStatus.Suspended, (await PoolRowAsync(pool)).Status);
        var cancelled = await _data.PoolCancellation().CancelNowAsync(customer, pool, CancellationToken.None);

        Assert.Equal(0, cancelled.Value!.Refunded.Minor);
        Assert.Equal(InvoiceStatus.Void, Assert.Single(await PoolInvoicesAsync(PoolRenewalSweep.InvoiceKeyPrefix)).Status);
        Assert.Equal(1, await TasksAsync(servers, ProvisioningTaskKind.Delete));
        await _data.PayAsync(customer, null, 50_000, "FNB-AFTER");
        Assert.Equal(50_000, (await _data.BalanceAsync(customer)).Minor); // Nothing of a cancelled pool is collected.
    }

    [Fact]
    public async Task CancelNow_StaffRuleWithAFee_KeepsTheFee()
    {
        var (customer, pool, _) = await PoolAsync(servers: 0);
        Assert.True((await _data.Settings().SaveAsync(_admin, CancellationRefundRule.ProratedMinusFee, 10m, CancellationToken.None)).IsSuccess);
        _data.Time.Advance(TimeSpan.FromDays(15));

        var cancelled = await _data.PoolCancellation().CancelNowAsync(customer, pool, CancellationToken.None);

        Assert.Equal(13_500, cancelled.Value!.Refunded.Minor);
        Assert.Equal(13_500, (await _data.BalanceAsync(customer)).Minor);
    }

    [Fact]
    public async Task Resize_BiggerWithBalance_ChargesTheProratedDifferenceAndAppliesOnce()
    {
        var (customer, pool, _) = await PoolAsync(servers: 1, extraCredit: 20_000);
        _data.Time.Advance(TimeSpan.FromDays(15));

        var quote = await _data.PoolResizes().QuoteAsync(customer, pool, _bigPlan, CancellationToken.None);
        var done = await _data.PoolResizes().ConfirmAsync(customer, pool, _bigPlan, "resize-1", CancellationToken.None);
        var again = await _data.PoolResizes().ConfirmAsync(customer, pool, _bigPlan, "resize-1", CancellationToken.None);

        Assert.Equal((ChangeDirection.Upgrade, 15_000L), (quote.Value!.Direction, quote.Value.ProratedGross.Minor));
        Assert.Equal((PoolResizeStatus.Applied, false), (done.Value!.Status, done.Value.Replayed));
        Assert.Equal((done.Value.ResizeId, true), (again.Value!.ResizeId, again.Value.Replayed));
        var after = await PoolRowAsync(pool);
        Assert.Equal((16_384, 204_800, 4, 60_000L), (after.MemoryMb, after.DiskMb, after.MaxServers, after.RecurringNet.Minor));
        Assert.Equal(5_000, (await _data.BalanceAsync(customer)).Minor);
        Assert.Equal(InvoiceStatus.Paid, (await _data.InvoiceAsync(done.Value.InvoiceId!.Value)).Status);
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Resize_BiggerWithoutBalance_WaitsForTheInvoiceAndAppliesWhenPaid()
    {
        var (customer, pool, _) = await PoolAsync(servers: 0);
        _data.Time.Advance(TimeSpan.FromDays(15));

        var waiting = await _data.PoolResizes().ConfirmAsync(customer, pool, _bigPlan, "resize-2", CancellationToken.None);
        Assert.Equal(PoolResizeStatus.AwaitingPayment, waiting.Value!.Status);
        Assert.Equal(8192, (await PoolRowAsync(pool)).MemoryMb);
        Assert.Equal(PoolsErrors.ResizePending.Code, (await _data.PoolResizes().QuoteAsync(customer, pool, _bigPlan, CancellationToken.None)).Error?.Code);

        await _data.PayAsync(customer, waiting.Value.InvoiceId, 15_000, "FNB-RESIZE");

        var after = await PoolRowAsync(pool);
        Assert.Equal((16_384, 60_000L), (after.MemoryMb, after.RecurringNet.Minor));
    }

    [Fact]
    public async Task Resize_SmallerThanWhatTheServersUse_IsRefused()
    {
        var (customer, pool, _) = await PoolAsync(servers: 0, extraCredit: 30_000);
        Assert.True((await _data.PoolResizes().ConfirmAsync(customer, pool, _bigPlan, "grow", CancellationToken.None)).IsSuccess);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await _data.PoolServers().CreateAsync(customer, pool,
                new PoolServerRequest(_data.Billing.TariffId("paper-4gb"), 1, $"Big {i}", 4096, 20_480, 50), $"big-{i}", CancellationToken.None)).IsSuccess);
        }

        var options = await _data.PoolResizes().OptionsAsync(customer, pool, CancellationToken.None);
        var refused = await _data.PoolResizes().ConfirmAsync(customer, pool, _smallPlan, "shrink", CancellationToken.None);

        Assert.False(options.Single(o => o.PlanId == _smallPlan).FitsServers);
        Assert.Equal(PoolsErrors.ResizeBelowUsage.Code, refused.Error?.Code);
        Assert.Equal(16_384, (await PoolRowAsync(pool)).MemoryMb);
    }

    [Fact]
    public async Task Resize_SmallerThatFits_CreditsTheProratedDifferenceOnce()
    {
        var (customer, pool, _) = await PoolAsync(servers: 1, extraCredit: 30_000);
        Assert.True((await _data.PoolResizes().ConfirmAsync(customer, pool, _bigPlan, "grow", CancellationToken.None)).IsSuccess); // 30 000 for the whole month.
        _data.Time.Advance(TimeSpan.FromDays(15));

        var shrunk = await _data.PoolResizes().ConfirmAsync(customer, pool, _smallPlan, "shrink", CancellationToken.None);
        var again = await _data.PoolResizes().ConfirmAsync(customer, pool, _smallPlan, "shrink", CancellationToken.None);

        Assert.Equal((ChangeDirection.Downgrade, -15_000L, PoolResizeStatus.Applied), (shrunk.Value!.Direction, shrunk.Value.ProratedGross.Minor, shrunk.Value.Status));
        Assert.True(again.Value!.Replayed);
        Assert.Equal(15_000, (await _data.BalanceAsync(customer)).Minor);
        Assert.Equal((8192, 30_000L), ((await PoolRowAsync(pool)).MemoryMb, (await PoolRowAsync(pool)).RecurringNet.Minor));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Resize_InvoiceLeftUnpaid_IsVoidedByTheSweepAfterTheSetDaysAndAudited()
    {
        var (customer, pool, _) = await PoolAsync(servers: 0);
        var waiting = (await _data.PoolResizes().ConfirmAsync(customer, pool, _bigPlan, "resize-late", CancellationToken.None)).Value!;

        _data.Time.Advance(TimeSpan.FromDays(_data.ChangeOptions.UnpaidUpgradeVoidDays) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await _data.EndingSweep().RunAsync(CancellationToken.None)).UpgradesVoided);
        _data.Time.Advance(TimeSpan.FromMinutes(1));
        var first = await _data.EndingSweep().RunAsync(CancellationToken.None);
        var second = await _data.EndingSweep().RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (first.UpgradesVoided, second.UpgradesVoided));
        Assert.Equal(InvoiceStatus.Void, (await _data.InvoiceAsync(waiting.InvoiceId!.Value)).Status);
        Assert.Equal(8192, (await PoolRowAsync(pool)).MemoryMb);
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(PoolResizeStatus.Voided, (await db.PoolResizes().AsNoTracking().SingleAsync()).Status);
        Assert.Single(await db.AuditEntries.AsNoTracking().Where(a => a.Action == ServiceEndingSweep.UpgradeVoidedAuditAction).ToListAsync());
        // Free to resize again.
        Assert.True((await _data.PoolResizes().QuoteAsync(customer, pool, _bigPlan, CancellationToken.None)).IsSuccess);
    }
}
