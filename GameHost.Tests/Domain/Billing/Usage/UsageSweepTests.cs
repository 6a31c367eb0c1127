using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Usage;
using GameHost.Domain.Catalog;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Usage;

/// <summary>Pay-as-you-go over simulated weeks: every started unit charged once, warnings once, suspension, resumption.</summary>
public sealed class UsageSweepTests : IDisposable
{
    private readonly UsageTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task RunAsync_HourlyServiceOverAWeek_ChargesEachHourOnceWarnsTwiceSuspendsThenResumesAfterTopUp()
    {
        _data.Tax = new FixedRateTax(1500); // R1.00 an hour + 15 % VAT = R1.15 an hour.
        var customer = _data.AddCustomer();
        await _data.TopUpAsync(customer, 5_000); // R50 pays 43 hours (R49.45).
        var start = _data.NowUtc;
        var service = await _data.AddPayAsYouGoAsync(customer, 100);

        for (var hour = 1; hour <= 7 * 24; hour++)
        {
            _data.Time.Advance(TimeSpan.FromHours(1));
            await _data.RunAsync();
        }

        var charges = await _data.ChargesAsync(service);
        Assert.Equal(Enumerable.Range(1, 43).Select(h => start.AddHours(h)), charges.Select(c => c.UnitStartUtc));
        Assert.All(charges, c => Assert.Equal((100L, 15L, 115L, UsageChargeMode.Balance), (c.Net.Minor, c.Tax.Minor, c.Gross.Minor, c.Mode)));
        Assert.Equal(5_000 - 43 * 115, await _data.BalanceAsync(customer));
        var emails = await _data.EmailsAsync(GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes.LowBalance);
        // 24 hours before the money runs out (at +44 h), then in its last hour: once each, never every run.
        Assert.Equal([start.AddHours(20), start.AddHours(43)], emails.Select(e => e.CreatedAtUtc));
        Assert.Equal([LowBalanceNotices.Key(customer, 1, false), LowBalanceNotices.Key(customer, 1, true)],
            emails.Select(e => e.IdempotencyKey!["notify:".Length..^33]));
        Assert.All(emails, e => Assert.Contains("runs out around", e.TextBody, StringComparison.Ordinal));
        var suspended = await _data.SubscriptionAsync(service);
        Assert.Equal(SubscriptionStatus.Suspended, suspended.Status);
        Assert.True((await _data.ServerAsync(service)).SuspendRequested);
        Assert.Single(await _data.TasksAsync(service), t => t.Kind == ProvisioningTaskKind.Suspend);
        var suspendedMail = Assert.Single(await _data.EmailsAsync(GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes.ServiceSuspended));
        Assert.Contains("Your balance could not pay for the next period.", suspendedMail.TextBody, StringComparison.Ordinal);

        await _data.TopUpAsync(customer, 10_000);
        var toppedUpAt = _data.NowUtc;
        await _data.RunAsync();
        await _data.RunAsync();

        var resumed = await _data.SubscriptionAsync(service);
        Assert.Equal((SubscriptionStatus.Active, toppedUpAt.AddHours(1)), (resumed.Status, resumed.PaidUntilUtc));
        Assert.False((await _data.ServerAsync(service)).SuspendRequested);
        Assert.Single(await _data.TasksAsync(service), t => t.Kind == ProvisioningTaskKind.Unsuspend);
        Assert.Equal(toppedUpAt, (await _data.ChargesAsync(service)).Last().UnitStartUtc); // The suspended days are not billed.
        Assert.Equal(5_000 + 10_000 - 44 * 115, await _data.BalanceAsync(customer));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task RunAsync_DailyServiceOverEightDays_ChargesEachDayOnceWarnsAndSuspendsWhenBalanceRunsOut()
    {
        var customer = _data.AddCustomer();
        await _data.TopUpAsync(customer, 5_000);
        var start = _data.NowUtc;
        var service = await _data.AddPayAsYouGoAsync(customer, 1_000, BillingPeriod.Day, "Daily SMP");

        for (var hour = 1; hour <= 8 * 24; hour++)
        {
            _data.Time.Advance(TimeSpan.FromHours(1));
            await _data.RunAsync();
        }

        var charges = await _data.ChargesAsync(service);
        Assert.Equal(Enumerable.Range(1, 5).Select(d => start.AddDays(d)), charges.Select(c => c.UnitStartUtc));
        Assert.All(charges, c => Assert.Equal(c.UnitStartUtc.AddDays(1), c.UnitEndUtc));
        Assert.Equal(0, await _data.BalanceAsync(customer));
        Assert.Equal(SubscriptionStatus.Suspended, (await _data.SubscriptionAsync(service)).Status);
        var emails = await _data.EmailsAsync(GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes.LowBalance);
        Assert.Equal([start.AddDays(5), start.AddDays(6).AddHours(-1)], emails.Select(e => e.CreatedAtUtc));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task RunAsync_AfterMissedRuns_CatchesUpEveryDueUnitOnce()
    {
        var customer = _data.AddCustomer();
        await _data.TopUpAsync(customer, 100_000);
        var start = _data.NowUtc;
        var service = await _data.AddPayAsYouGoAsync(customer, 250);

        _data.Time.Advance(TimeSpan.FromHours(10).Add(TimeSpan.FromMinutes(30)));
        var first = await _data.RunAsync();
        var second = await _data.RunAsync();

        Assert.Equal((10, 0), (first.UnitsCharged, second.UnitsCharged));
        Assert.Equal(Enumerable.Range(1, 10).Select(h => start.AddHours(h)), (await _data.ChargesAsync(service)).Select(c => c.UnitStartUtc));
        Assert.Equal(start.AddHours(11), (await _data.SubscriptionAsync(service)).PaidUntilUtc);
        Assert.Equal(100_000 - 10 * 250, await _data.BalanceAsync(customer));
    }

    [Fact]
    public async Task RunAsync_TwoSweepsAtOnce_ChargeEachUnitExactlyOnce()
    {
        var customer = _data.AddCustomer();
        var other = _data.AddCustomer("Sipho Dlamini");
        await _data.TopUpAsync(customer, 100_000);
        await _data.TopUpAsync(other, 100_000);
        var services = new[]
        {
            await _data.AddPayAsYouGoAsync(customer, 100), await _data.AddPayAsYouGoAsync(customer, 300, name: "Second"),
            await _data.AddPayAsYouGoAsync(other, 200, BillingPeriod.Day),
        };

        _data.Time.Advance(TimeSpan.FromHours(30));
        var results = await Task.WhenAll(Task.Run(_data.RunAsync), Task.Run(_data.RunAsync));

        Assert.Equal(30 + 30 + 1, results.Sum(r => r.UnitsCharged));
        var counts = await Task.WhenAll(services.Select(async s => (await _data.ChargesAsync(s)).Count));
        Assert.Equal(new[] { 30, 30, 1 }, counts);
        Assert.Equal(100_000 - 30 * 100 - 30 * 300, await _data.BalanceAsync(customer));
        Assert.Equal(100_000 - 200, await _data.BalanceAsync(other));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task RunAsync_BalanceUnit_PostsGrossFromCustomerToSettledUnderTheUnitKey()
    {
        _data.Tax = new FixedRateTax(1500);
        var customer = _data.AddCustomer();
        await _data.TopUpAsync(customer, 1_000);
        var service = await _data.AddPayAsYouGoAsync(customer, 333);
        var unitStart = _data.NowUtc.AddHours(1);

        _data.Time.Advance(TimeSpan.FromHours(1));
        await _data.RunAsync();

        await using var db = await _data.Contexts.CreateDbContextAsync();
        var transaction = await db.LedgerTransactions().AsNoTracking().Include(t => t.Entries)
            .SingleAsync(t => t.IdempotencyKey == $"usage:{service:N}:{unitStart:yyyyMMddHHmm}");
        var accounts = await db.LedgerAccounts().AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code);
        // 333 + 15 % = 383 (49.95 rounded half away from zero to 50).
        Assert.Equal(
            [($"customer:{customer:N}:ZAR", -383L), ("system:InvoicesSettled:ZAR", 383L)],
            transaction.Entries.Select(e => (accounts[e.AccountId], e.Amount.Minor)).OrderBy(e => e.Item2));
        Assert.Equal((UsageSweep.TransactionKind, customer), (transaction.Kind, transaction.CustomerId!.Value));
        var charge = Assert.Single(await _data.ChargesAsync(service));
        Assert.Equal(transaction.Id, charge.LedgerTransactionId);
    }

    [Fact]
    public async Task RunAsync_SuspendedByStaffOrDunning_IsNotResumedByTopUp()
    {
        var customer = _data.AddCustomer();
        var service = await _data.AddPayAsYouGoAsync(customer, 100);
        await using (var db = await _data.Contexts.CreateDbContextAsync())
        {
            var subscription = await db.Subscriptions().SingleAsync(s => s.Id == service);
            subscription.Status = SubscriptionStatus.Suspended;
            await db.SaveChangesAsync();
        }

        await _data.TopUpAsync(customer, 10_000);
        _data.Time.Advance(TimeSpan.FromHours(3));
        var result = await _data.RunAsync();

        Assert.Equal((0, 0), (result.UnitsCharged, result.ServicesResumed));
        Assert.Equal(SubscriptionStatus.Suspended, (await _data.SubscriptionAsync(service)).Status);
    }
}
