using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Changes;

public class ServiceCancellationTests : IDisposable
{
    private readonly ChangesTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task CancelAtPeriodEnd_OverSimulatedTime_EndsOnceAtPaidUntilAndDeletesTheServer()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer);
        var paidUntil = (await _data.SubscriptionAsync(subscription)).PaidUntilUtc!.Value;
        _data.Time.Advance(TimeSpan.FromDays(3));

        var cancelled = await _data.Cancellation().CancelAtPeriodEndAsync(customer, subscription, CancellationToken.None);
        var repeated = await _data.Cancellation().CancelAtPeriodEndAsync(customer, subscription, CancellationToken.None);

        Assert.Equal((paidUntil, false), (cancelled.Value!.EndsAtUtc, cancelled.Value.Replayed));
        Assert.True(repeated.Value!.Replayed);
        for (var day = 0; day < 26; day++)
        {
            _data.Time.Advance(TimeSpan.FromDays(1));
            Assert.True((await _data.EndingSweep().RunAsync(CancellationToken.None)).IsIdle); // Still inside the paid period.
        }

        Assert.Equal(SubscriptionStatus.Active, (await _data.SubscriptionAsync(subscription)).Status);
        _data.Time.Advance(paidUntil - _data.NowUtc);
        var first = await _data.EndingSweep().RunAsync(CancellationToken.None);
        var second = await _data.EndingSweep().RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (first.Ended, first.Skipped));
        Assert.True(second.IsIdle);
        Assert.Equal(SubscriptionStatus.Cancelled, (await _data.SubscriptionAsync(subscription)).Status);
        Assert.Equal(1, await _data.TaskCountAsync(subscription, ProvisioningTaskKind.Delete));
        Assert.Equal(0, (await _data.BalanceAsync(customer)).Minor);
    }

    [Fact]
    public async Task EndingSweep_RunConcurrently_EndsEachServiceOnce()
    {
        var customer = _data.AddCustomer();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await _data.ActiveServiceAsync(customer);
            await _data.Cancellation().CancelAtPeriodEndAsync(customer, id, CancellationToken.None);
            ids.Add(id);
        }

        _data.Time.Advance(TimeSpan.FromDays(40));
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => _data.EndingSweep().RunAsync(CancellationToken.None))));

        Assert.Equal(3, runs.Sum(r => r.Ended));
        foreach (var id in ids)
        {
            Assert.Equal(1, await _data.TaskCountAsync(id, ProvisioningTaskKind.Delete));
        }
    }

    [Fact]
    public async Task UndoCancel_BeforeTheEnd_KeepsTheServiceRunningPastPaidUntil()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer);
        await _data.Cancellation().CancelAtPeriodEndAsync(customer, subscription, CancellationToken.None);

        var undone = await _data.Cancellation().UndoCancelAsync(customer, subscription, CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(35));
        var sweep = await _data.EndingSweep().RunAsync(CancellationToken.None);

        Assert.True(undone.IsSuccess);
        Assert.True(sweep.IsIdle);
        var after = await _data.SubscriptionAsync(subscription);
        Assert.Equal((SubscriptionStatus.Active, (DateTime?)null), (after.Status, after.EndsAtUtc));
    }

    [Theory]
    [InlineData(CancellationRefundRule.None, 0, 0)]
    [InlineData(CancellationRefundRule.Prorated, 0, 4950)] // 9900 × 15/30.
    [InlineData(CancellationRefundRule.ProratedMinusFee, 10, 4455)] // 4950 − 10 % (495).
    public async Task CancelNow_EachRefundRule_RefundsToBalanceOnceAndDeletesTheServer(CancellationRefundRule rule, int feePercent, long expected)
    {
        var admin = _data.AddAdmin();
        var saved = await _data.Settings().SaveAsync(admin, rule, feePercent, CancellationToken.None);
        Assert.True(saved.IsSuccess, saved.Error?.Code);
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer);
        _data.Time.Advance(TimeSpan.FromDays(15));

        var quote = await _data.Cancellation().QuoteNowAsync(customer, subscription, CancellationToken.None);
        var result = await _data.Cancellation().CancelNowAsync(customer, subscription, CancellationToken.None);
        var again = await _data.Cancellation().CancelNowAsync(customer, subscription, CancellationToken.None);

        Assert.Equal(expected, quote.Value!.Refund.Minor);
        Assert.Equal((expected, false), (result.Value!.Refunded.Minor, result.Value.Replayed));
        Assert.Equal((expected, true), (again.Value!.Refunded.Minor, again.Value.Replayed));
        Assert.Equal(expected, (await _data.BalanceAsync(customer)).Minor);
        Assert.Equal(SubscriptionStatus.Cancelled, (await _data.SubscriptionAsync(subscription)).Status);
        Assert.Equal(1, await _data.TaskCountAsync(subscription, ProvisioningTaskKind.Delete));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task CancelNow_AfterAPromoLoweredThePaidPrice_RefundsNoMoreThanWasPaid()
    {
        var customer = _data.AddCustomer();
        var order = await _data.Billing.PlaceAsync(BillingTestData.Order(customer, _data.Billing.TariffId("paper-2gb"), promo: GameHost.Domain.Demo.DemoCatalogSeeder.WelcomeCode));
        await _data.PayAsync(customer, order.InvoiceId, order.GrossTotal.Minor, "FNB-PROMO");
        _data.Time.Advance(TimeSpan.FromDays(15));

        var result = await _data.Cancellation().CancelNowAsync(customer, order.SubscriptionId, CancellationToken.None);

        Assert.Equal(order.GrossTotal.Minor / 2, result.Value!.Refunded.Minor); // 8910 paid, half unused.
    }

    [Fact]
    public async Task SaveSettings_ByAdmin_IsAuditedAndSupportIsRefused()
    {
        var admin = _data.AddAdmin();
        var support = _data.AddAdmin(GameHost.Domain.Accounts.Roles.Support);

        var refused = await _data.Settings().SaveAsync(support, CancellationRefundRule.None, 0, CancellationToken.None);
        var invalid = await _data.Settings().SaveAsync(admin, CancellationRefundRule.ProratedMinusFee, 101, CancellationToken.None);
        var saved = await _data.Settings().SaveAsync(admin, CancellationRefundRule.ProratedMinusFee, 12.5m, CancellationToken.None);

        Assert.Equal(ChangesErrors.SettingsActorNotAdmin.Code, refused.Error?.Code);
        Assert.Equal(ChangesErrors.FeeOutOfRange.Code, invalid.Error?.Code);
        Assert.Equal((CancellationRefundRule.ProratedMinusFee, 12.5m), (saved.Value!.RefundRule, saved.Value.CancellationFeePercent));
        Assert.Equal((CancellationRefundRule.ProratedMinusFee, 12.5m), ((await _data.Settings().GetAsync(CancellationToken.None)).RefundRule,
            (await _data.Settings().GetAsync(CancellationToken.None)).CancellationFeePercent));
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(1, await db.Set<GameHost.Domain.Audit.AuditEntry>().CountAsync(e => e.Action == BillingChangeSettingsService.AuditAction && e.ActorUserId == admin));
    }
}
