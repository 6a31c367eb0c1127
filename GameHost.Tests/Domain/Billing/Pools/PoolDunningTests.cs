using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Dunning;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Billing.PromisedPayments;
using GameHost.Domain.Catalog;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.Domain.Billing.Changes;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Pools;

/// <summary>
/// A resource pool's unpaid renewal walks the same timeline as a service's, over simulated days: reminders before, on
/// and after the due date (each once), the suspension and termination after the delays set for the pool's plan, and a
/// promised payment that keeps the pool running and, once paid, bills the borrowed days.
/// </summary>
public class PoolDunningTests : IDisposable
{
    private readonly ChangesTestData _data = new();
    private Guid _admin;
    private Guid _plan;

    public void Dispose() => _data.Dispose();

    /// <summary>A paid 8 GB pool (30 000 a month) with one 2 GB server, whose first renewal the balance cannot pay.</summary>
    private async Task<(Guid Customer, Guid Pool, Guid Server)> PoolAsync()
    {
        _admin = _data.AddAdmin();
        _plan = (await _data.Pools().SavePlanAsync(_admin, new PoolPlanForm(null, "Pool 8 GB", "Pool 8 GB", 8192, 102_400, 200, 3, true,
            [(BillingPeriod.Month1, "ZAR", 30_000)]), CancellationToken.None)).Value;
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, 30_000, "FNB-" + Guid.NewGuid().ToString("N")[..6]);
        var bought = await _data.Pools().BuyAsync(new BuyPoolCommand(customer, _plan, BillingPeriod.Month1, Guid.NewGuid().ToString("N")), CancellationToken.None);
        Assert.True(bought.Value!.Paid);
        var server = await _data.PoolServers().CreateAsync(customer, bought.Value.PoolId,
            new PoolServerRequest(_data.Billing.TariffId("paper-4gb"), 1, "Lobby", 2048, 20_480, 50), "server-1", CancellationToken.None);
        Assert.True(server.IsSuccess, server.Error?.Code);
        return (customer, bought.Value.PoolId, server.Value);
    }

    private DunningSweep ServiceDunning() =>
        new(_data.Database, new ProvisioningRequests(_data.Time), Microsoft.Extensions.Options.Options.Create(_data.DunningOptions), _data.Time, TestNotifier.Create(_data.Time));

    private TakePromisedPayment Promises() => new(_data.Database, new AuditLog(_data.Time), _data.Time, TestNotifier.Create(_data.Time));

    private DunningAdmin Admin() => new(_data.Database, new AuditLog(_data.Time), Microsoft.Extensions.Options.Options.Create(_data.DunningOptions), _data.Time);

    private async Task<ResourcePool> PoolRowAsync(Guid id)
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.ResourcePools().AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task<List<Invoice>> RenewalsAsync()
    {
        await using var db = _data.Database.CreateDbContext();
        return (await db.Invoices().AsNoTracking().Where(i => i.IdempotencyKey.StartsWith(PoolRenewalSweep.InvoiceKeyPrefix)).ToListAsync())
            .OrderBy(i => i.ServicePeriodStartUtc).ToList();
    }

    private async Task<List<DunningStep>> StepsAsync(Guid invoiceId)
    {
        await using var db = _data.Database.CreateDbContext();
        return (await db.DunningSteps().AsNoTracking().Where(s => s.InvoiceId == invoiceId).ToListAsync()).OrderBy(s => s.Id).ToList();
    }

    private async Task<List<string>> EmailKeysAsync(string prefix)
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.OutboundEmails.AsNoTracking().Where(e => e.IdempotencyKey != null && e.IdempotencyKey.StartsWith("notify:" + prefix))
            .Select(e => e.IdempotencyKey!).ToListAsync();
    }

    /// <summary>The pool jobs as the app runs them (renewals, pool dunning, service dunning for promises), each twice.</summary>
    private async Task RunJobsAsync()
    {
        for (var run = 0; run < 2; run++)
        {
            await _data.PoolRenewals().RunAsync(CancellationToken.None);
            await _data.PoolDunning().RunAsync(ChangesTestData.Notice, CancellationToken.None);
            await ServiceDunning().RunAsync(ChangesTestData.Notice, CancellationToken.None);
        }
    }

    private async Task DayByDayUntilAsync(DateTime untilUtc)
    {
        while (_data.NowUtc.AddDays(1) <= untilUtc)
        {
            _data.Time.Advance(TimeSpan.FromDays(1));
            await RunJobsAsync();
        }
    }

    [Fact]
    public async Task PoolDunning_DailyRunsOverAnUnpaidRenewal_SendsEachReminderOnceThenSuspends()
    {
        var (_, pool, _) = await PoolAsync();
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;

        await DayByDayUntilAsync(paidUntil.AddDays(_data.DunningOptions.SuspendAfterDays).AddHours(1));

        var renewal = Assert.Single(await RenewalsAsync());
        Assert.Equal(paidUntil, renewal.DueAtUtc);
        var steps = await StepsAsync(renewal.Id);
        Assert.Equal(
            [(DunningStepKind.ReminderBeforeDue, 3), (DunningStepKind.ReminderOnDue, 0), (DunningStepKind.ReminderAfterDue, 1), (DunningStepKind.ReminderAfterDue, 3),
                (DunningStepKind.Suspension, 0)],
            steps.Select(s => (s.Kind, s.Offset)));
        Assert.All(steps, s => Assert.Equal(DunningStepOutcome.Done, s.Outcome));
        Assert.Null(steps.FirstOrDefault(s => s.SubscriptionId is not null));
        // One e-mail per step however often the jobs ran: four reminders and the suspension.
        Assert.Equal(5, (await EmailKeysAsync($"dunning:{renewal.Id:N}:")).Count);
        Assert.Equal(ResourcePoolStatus.Suspended, (await PoolRowAsync(pool)).Status);
    }

    [Fact]
    public async Task PoolDunning_LateFirstRun_SendsOnlyTheLatestReminderAndSkipsTheStaleOnes()
    {
        var (_, pool, _) = await PoolAsync();
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;
        _data.Time.Advance(paidUntil.AddDays(-7) - _data.NowUtc);
        await _data.PoolRenewals().RunAsync(CancellationToken.None);
        _data.Time.Advance(paidUntil.AddDays(3).AddHours(1) - _data.NowUtc);

        var first = await _data.PoolDunning().RunAsync(ChangesTestData.Notice, CancellationToken.None);
        var second = await _data.PoolDunning().RunAsync(ChangesTestData.Notice, CancellationToken.None);

        Assert.Equal((1, 0), (first.Reminders, first.Suspended));
        Assert.True(second.IsIdle);
        var renewal = Assert.Single(await RenewalsAsync());
        var steps = await StepsAsync(renewal.Id);
        Assert.Equal(3, steps.Count(s => s.Outcome == DunningStepOutcome.Skipped));
        var sent = Assert.Single(steps, s => s.Outcome == DunningStepOutcome.Done);
        Assert.Equal((DunningStepKind.ReminderAfterDue, 3), (sent.Kind, sent.Offset));
        var mail = Assert.Single(await EmailKeysAsync("dunning:"));
        Assert.StartsWith($"notify:dunning:{renewal.Id:N}:ReminderAfterDue:3", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoolDunning_DelaysSetForThePoolPlan_SuspendAndTerminateOnThePlansDays()
    {
        var (_, pool, server) = await PoolAsync();
        Assert.True((await Admin().SetPoolPlanAsync(_admin, _plan, 2, 3, CancellationToken.None)).IsSuccess);
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;

        await DayByDayUntilAsync(paidUntil.AddDays(1).AddHours(1));
        Assert.Equal(ResourcePoolStatus.Active, (await PoolRowAsync(pool)).Status);
        await DayByDayUntilAsync(paidUntil.AddDays(2).AddHours(1));
        var suspended = await PoolRowAsync(pool);
        Assert.Equal(ResourcePoolStatus.Suspended, suspended.Status); // Two days after due, not the default five.

        await DayByDayUntilAsync(suspended.SuspendedAtUtc!.Value.AddDays(3).AddHours(1));

        Assert.Equal(ResourcePoolStatus.Terminated, (await PoolRowAsync(pool)).Status);
        var renewal = Assert.Single(await RenewalsAsync());
        Assert.Equal(InvoiceStatus.Uncollectible, renewal.Status);
        var termination = Assert.Single(await StepsAsync(renewal.Id), s => s.Kind == DunningStepKind.Termination);
        Assert.Equal(suspended.SuspendedAtUtc.Value.AddDays(3).Date, termination.AtUtc.Date);
        Assert.Equal(1, await _data.TaskCountAsync(server, GameHost.Domain.Provisioning.Tasks.ProvisioningTaskKind.Suspend));

        // The invoice's timeline, as the cabinet shows it, plans with the plan's delays too.
        var timeline = await new DunningTimelineQuery(_data.Database, Microsoft.Extensions.Options.Options.Create(_data.DunningOptions), _data.Time)
            .ForInvoiceAsync(renewal.Id, null, CancellationToken.None);
        Assert.NotNull(timeline);
        var suspension = Assert.Single(timeline.Entries, e => e.Kind == DunningStepKind.Suspension);
        Assert.Equal(paidUntil.AddDays(2), suspension.PlannedAtUtc);
    }

    [Fact]
    public async Task SetPoolPlan_InvalidDaysOrNotAnAdmin_IsRefusedAndDefaultsComeBack()
    {
        await PoolAsync();
        var customer = _data.AddCustomer();

        var invalid = await Admin().SetPoolPlanAsync(_admin, _plan, 2, null, CancellationToken.None);
        var tooLong = await Admin().SetPoolPlanAsync(_admin, _plan, 400, 3, CancellationToken.None);
        var notAdmin = await Admin().SetPoolPlanAsync(customer, _plan, 2, 3, CancellationToken.None);
        var set = await Admin().SetPoolPlanAsync(_admin, _plan, 2, 3, CancellationToken.None);
        var afterSet = Assert.Single(await Admin().PoolPlansAsync(CancellationToken.None), p => p.PoolPlanId == _plan);
        var reset = await Admin().SetPoolPlanAsync(_admin, _plan, null, null, CancellationToken.None);
        var afterReset = Assert.Single(await Admin().PoolPlansAsync(CancellationToken.None), p => p.PoolPlanId == _plan);

        Assert.Equal(("billing.dunning_days_invalid", "billing.dunning_days_invalid"), (invalid.Error?.Code, tooLong.Error?.Code));
        Assert.Equal(PromiseErrors.ActorNotAdmin.Code, notAdmin.Error?.Code);
        Assert.True(set.IsSuccess && reset.IsSuccess);
        Assert.Equal((2, 3, false), (afterSet.SuspendAfterDays, afterSet.TerminateAfterDays, afterSet.IsDefault));
        Assert.Equal((_data.DunningOptions.SuspendAfterDays, _data.DunningOptions.TerminateAfterDays, true),
            (afterReset.SuspendAfterDays, afterReset.TerminateAfterDays, afterReset.IsDefault));
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "billing.pool_dunning_policy_set"));
    }

    [Fact]
    public async Task PromisedPayment_OnAPoolRenewal_KeepsThePoolRunningAndPayingBillsTheBorrowedDays()
    {
        var (customer, pool, _) = await PoolAsync();
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;
        await DayByDayUntilAsync(paidUntil.AddDays(4).AddHours(1));
        var renewal = Assert.Single(await RenewalsAsync());

        var taken = await Promises().ExecuteAsync(new TakePromiseCommand(customer, renewal.Id, "pool-promise-1"), ChangesTestData.Notice, CancellationToken.None);
        var again = await Promises().ExecuteAsync(new TakePromiseCommand(customer, renewal.Id, "pool-promise-1"), ChangesTestData.Notice, CancellationToken.None);

        Assert.True(taken.IsSuccess, taken.Error?.Code);
        Assert.True(again.Value!.Replayed);
        await using (var db = _data.Database.CreateDbContext())
        {
            var promise = await db.PromisedPayments().AsNoTracking().SingleAsync(p => p.InvoiceId == renewal.Id);
            Assert.Equal((pool, (Guid?)null), (promise.PoolId, promise.SubscriptionId));
        }

        // Past the usual suspension day, within the promise: still running.
        await DayByDayUntilAsync(paidUntil.AddDays(6).AddHours(1));
        Assert.Equal(ResourcePoolStatus.Active, (await PoolRowAsync(pool)).Status);

        await _data.PayAsync(customer, renewal.Id, renewal.GrossTotal.Minor, "FNB-PROMISE");
        await RunJobsAsync();

        var after = await PoolRowAsync(pool);
        Assert.Equal(ResourcePoolStatus.Active, after.Status);
        // Backdated: the new period starts where the paid time ended, so the days on promise are paid for.
        Assert.Equal((paidUntil, BillingPeriod.Month1.EndOf(paidUntil)), (after.CurrentPeriodStartUtc!.Value, after.PaidUntilUtc));
        await using var check = _data.Database.CreateDbContext();
        Assert.Equal(PromiseStatus.Kept, (await check.PromisedPayments().AsNoTracking().SingleAsync(p => p.InvoiceId == renewal.Id)).Status);
        Assert.Equal(1, await check.AuditEntries.CountAsync(a => a.Action == TakePromisedPayment.AuditAction && a.SubjectId == renewal.Id.ToString()));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task PromisedPayment_OnAPoolRenewalLeftUnpaid_SuspendsWhenThePromiseEnds()
    {
        var (customer, pool, _) = await PoolAsync();
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;
        await DayByDayUntilAsync(paidUntil.AddDays(4).AddHours(1));
        var renewal = Assert.Single(await RenewalsAsync());
        var taken = await Promises().ExecuteAsync(new TakePromiseCommand(customer, renewal.Id, "pool-promise-2"), ChangesTestData.Notice, CancellationToken.None);
        Assert.True(taken.IsSuccess, taken.Error?.Code);

        await DayByDayUntilAsync(taken.Value!.EndsAtUtc.AddHours(-2));
        Assert.Equal(ResourcePoolStatus.Active, (await PoolRowAsync(pool)).Status);
        await DayByDayUntilAsync(taken.Value.EndsAtUtc.AddDays(1));

        Assert.Equal(ResourcePoolStatus.Suspended, (await PoolRowAsync(pool)).Status);
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(PromiseStatus.Broken, (await db.PromisedPayments().AsNoTracking().SingleAsync(p => p.InvoiceId == renewal.Id)).Status);
    }

    [Fact]
    public async Task PromisedPayment_PoolRenewalNotDueYetOrPoolSuspended_IsRefused()
    {
        var (customer, pool, _) = await PoolAsync();
        var paidUntil = (await PoolRowAsync(pool)).PaidUntilUtc!.Value;
        await DayByDayUntilAsync(paidUntil.AddDays(-2));
        var renewal = Assert.Single(await RenewalsAsync());

        var early = await Promises().ExecuteAsync(new TakePromiseCommand(customer, renewal.Id, "early"), ChangesTestData.Notice, CancellationToken.None);
        await DayByDayUntilAsync(paidUntil.AddDays(_data.DunningOptions.SuspendAfterDays).AddHours(1));
        var late = await Promises().ExecuteAsync(new TakePromiseCommand(customer, renewal.Id, "late"), ChangesTestData.Notice, CancellationToken.None);

        Assert.Equal(PromiseErrors.NotDueYet.Code, early.Error?.Code);
        Assert.Equal(PromiseErrors.ServiceNotActive.Code, late.Error?.Code);
    }
}
