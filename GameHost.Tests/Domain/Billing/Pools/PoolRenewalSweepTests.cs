using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Catalog;
using GameHost.Tests.Domain.Billing.Changes;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Pools;

public class PoolRenewalSweepTests : IDisposable
{
    private readonly ChangesTestData _data = new();

    public void Dispose() => _data.Dispose();

    private PoolRenewalSweep Sweep() => new(_data.Database, _data.Tax, _data.Settlement(), _data.Time);

    private async Task<(Guid Customer, Guid Pool)> PaidPoolAsync(long extraCredit)
    {
        var plan = await _data.Pools().SavePlanAsync(_data.AddAdmin(), new PoolPlanForm(null, "Pool 8 GB", null, 8192, 102_400, 200, 2, true,
            [(BillingPeriod.Month1, "ZAR", 30_000)]), CancellationToken.None);
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 30_000 + extraCredit, "FNB-" + Guid.NewGuid().ToString("N")[..6]);
        var bought = await _data.Pools().BuyAsync(new BuyPoolCommand(customer, plan.Value, BillingPeriod.Month1, Guid.NewGuid().ToString("N")), CancellationToken.None);
        Assert.True(bought.Value!.Paid);
        return (customer, bought.Value.PoolId);
    }

    private async Task<ResourcePool> PoolAsync(Guid id)
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.ResourcePools().AsNoTracking().SingleAsync(p => p.Id == id);
    }

    [Fact]
    public async Task RunAsync_ThreeSimulatedMonthsWithCredit_RenewsEachPeriodOnceFromBalance()
    {
        var (customer, pool) = await PaidPoolAsync(extraCredit: 90_000);
        var firstEnd = (await PoolAsync(pool)).PaidUntilUtc!.Value;

        for (var day = 0; day < 92; day++)
        {
            _data.Time.Advance(TimeSpan.FromDays(1));
            await Sweep().RunAsync(CancellationToken.None);
            await Sweep().RunAsync(CancellationToken.None); // A second run the same day changes nothing.
        }

        var after = await PoolAsync(pool);
        // Each renewal is invoiced 7 days ahead: July, August and September are paid, so the pool runs until 1 October.
        await using var db = _data.Database.CreateDbContext();
        var renewals = await db.Invoices().AsNoTracking().Where(i => i.IdempotencyKey.StartsWith(PoolRenewalSweep.InvoiceKeyPrefix)).ToListAsync();
        Assert.Equal(3, renewals.Count);
        Assert.All(renewals, r => Assert.Equal(InvoiceStatus.Paid, r.Status));
        Assert.Equal(renewals.Count, renewals.Select(r => r.ServicePeriodStartUtc).Distinct().Count());
        Assert.Equal(BillingPeriod.Month1.EndOf(BillingPeriod.Month1.EndOf(BillingPeriod.Month1.EndOf(firstEnd)!.Value)!.Value), after.PaidUntilUtc);
        Assert.Equal(0, (await _data.BalanceAsync(customer)).Minor);
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task RunAsync_BalanceShort_LeavesOneOpenInvoiceThatExtendsOnceWhenPaidLate()
    {
        var (customer, pool) = await PaidPoolAsync(extraCredit: 0);
        var firstEnd = (await PoolAsync(pool)).PaidUntilUtc!.Value;
        _data.Time.Advance(firstEnd - _data.NowUtc - TimeSpan.FromDays(3));

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Sweep().RunAsync(CancellationToken.None))));
        await using (var db = _data.Database.CreateDbContext())
        {
            var open = Assert.Single(await db.Invoices().AsNoTracking().Where(i => i.IdempotencyKey.StartsWith(PoolRenewalSweep.InvoiceKeyPrefix)).ToListAsync());
            Assert.Equal(InvoiceStatus.Open, open.Status);
            _data.Time.Advance(TimeSpan.FromDays(10)); // Paid a week late: still the period after the first.
            await _data.PayAsync(customer, open.Id, 30_000, "FNB-LATE");
        }

        Assert.Equal(1, runs.Sum(r => r.Invoiced));
        Assert.Equal(BillingPeriod.Month1.EndOf(firstEnd), (await PoolAsync(pool)).PaidUntilUtc);
    }
}
