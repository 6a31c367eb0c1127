using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Billing.Usage;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Tests.Domain.Billing.Changes;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Usage;

/// <summary>
/// A pay-as-you-go order of the demo catalog's hourly and daily tariffs, end to end: the order invoice is the first
/// unit (what the balance must hold to start), the usage sweep charges every following unit, and the forecast's
/// "lasts until" is the very moment the service is suspended for want of money.
/// </summary>
public class PayAsYouGoOrderTests : IDisposable
{
    private readonly ChangesTestData _data = new();

    public void Dispose() => _data.Dispose();

    private static readonly NoticeContext Notice = new("GameHost", "https://billing.example.test/cabinet/billing/balance");

    private UsageSweep Sweep() => new(_data.Database, new LedgerPosting(_data.Time), new ProvisioningRequests(_data.Time), _data.Tax, Overview(),
        Microsoft.Extensions.Options.Options.Create(new UsageOptions()), _data.Time, GameHost.Tests.TestSupport.TestNotifier.Create(_data.Time));

    private BalanceOverviewQuery Overview() => new(_data.Database, _data.Tax, _data.Time);

    private async Task<(Guid Customer, PlacedOrder Order)> OrderAsync(string slug, BillingPeriod unit, long balance)
    {
        var customer = _data.AddCustomer();
        await _data.PayAsync(customer, null, balance, "FNB-" + Guid.NewGuid().ToString("N")[..6]);
        var order = await _data.Billing.PlaceAsync(BillingTestData.Order(customer, _data.Billing.TariffId(slug), period: unit));
        return (customer, order);
    }

    private Task<Result> PayFromBalanceAsync(Guid customer, Guid invoiceId) =>
        new PayInvoiceFromBalance(_data.Database, _data.Settlement()).ExecuteAsync(customer, invoiceId, CancellationToken.None);

    private async Task<List<UsageCharge>> ChargesAsync(Guid subscription)
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.UsageCharges().AsNoTracking().Where(c => c.SubscriptionId == subscription).ToListAsync();
    }

    [Fact]
    public async Task PlaceOrder_HourlyTariff_InvoicesOneHourAndStartsWhenTheBalancePaysIt()
    {
        var price = (await _data.Billing.PlaceAsync(BillingTestData.Order(_data.AddCustomer(), _data.Billing.TariffId("paper-hourly"), period: BillingPeriod.Hour))).GrossTotal;
        var (poor, poorOrder) = await OrderAsync("paper-hourly", BillingPeriod.Hour, balance: price.Minor - 1);
        var (customer, order) = await OrderAsync("paper-hourly", BillingPeriod.Hour, balance: price.Minor);

        // Less than one unit on the balance is not enough to start.
        Assert.False((await PayFromBalanceAsync(poor, poorOrder.InvoiceId)).IsSuccess);
        Assert.Equal(SubscriptionStatus.PendingPayment, (await _data.SubscriptionAsync(poorOrder.SubscriptionId)).Status);

        Assert.True((await PayFromBalanceAsync(customer, order.InvoiceId)).IsSuccess);
        var invoice = await _data.InvoiceAsync(order.InvoiceId);
        var subscription = await _data.SubscriptionAsync(order.SubscriptionId);
        Assert.Equal(InvoiceLineKind.Period, Assert.Single(invoice.Lines).Kind);
        Assert.Equal((SubscriptionStatus.Active, BillingModel.PayAsYouGoHourly), (subscription.Status, subscription.BillingModel));
        Assert.Equal(_data.NowUtc.AddHours(1), subscription.PaidUntilUtc);
        Assert.Equal(0, (await _data.BalanceAsync(customer)).Minor);
        Assert.Equal(1, await _data.TaskCountAsync(order.SubscriptionId, GameHost.Domain.Provisioning.Tasks.ProvisioningTaskKind.CreateServer));
    }

    [Fact]
    public async Task UsageSweep_HourlyOrderOverTwoSimulatedDays_ChargesEachHourOnceAndSuspendsWhenTheForecastSaid()
    {
        var (customer, order) = await OrderAsync("paper-hourly", BillingPeriod.Hour, balance: 1000);
        Assert.True((await PayFromBalanceAsync(customer, order.InvoiceId)).IsSuccess);
        var unit = (await _data.InvoiceAsync(order.InvoiceId)).GrossTotal.Minor;
        var left = (await _data.BalanceAsync(customer)).Minor;
        var forecast = (await Overview().ExecuteAsync(customer, CancellationToken.None))!;
        Assert.NotNull(forecast.RunsOutAtUtc);

        DateTime? suspendedAt = null;
        for (var step = 0; step < 48 * 4; step++)
        {
            _data.Time.Advance(TimeSpan.FromMinutes(15));
            await Sweep().RunAsync(Notice, CancellationToken.None);
            await Sweep().RunAsync(Notice, CancellationToken.None); // A repeated run charges nothing more.
            if (suspendedAt is null && (await _data.SubscriptionAsync(order.SubscriptionId)).Status == SubscriptionStatus.Suspended)
            {
                suspendedAt = _data.NowUtc;
            }
        }

        var charges = await ChargesAsync(order.SubscriptionId);
        Assert.Equal(left / unit, charges.Count); // Every whole hour the balance covered, once each.
        Assert.Equal(charges.Count, charges.Select(c => c.UnitStartUtc).Distinct().Count());
        Assert.Equal(left % unit, (await _data.BalanceAsync(customer)).Minor);
        Assert.Equal(forecast.RunsOutAtUtc, suspendedAt);
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task UsageSweep_DailyOrderOverSimulatedDays_ChargesPerStartedDayAndResumesAfterATopUp()
    {
        var (customer, order) = await OrderAsync("rust-daily", BillingPeriod.Day, balance: 5000);
        Assert.True((await PayFromBalanceAsync(customer, order.InvoiceId)).IsSuccess);
        var unit = (await _data.InvoiceAsync(order.InvoiceId)).GrossTotal.Minor;
        var left = 5000 - unit;
        Assert.Equal(BillingModel.PayAsYouGoDaily, (await _data.SubscriptionAsync(order.SubscriptionId)).BillingModel);

        for (var hour = 0; hour < 24 * 6; hour++)
        {
            _data.Time.Advance(TimeSpan.FromHours(1));
            await Sweep().RunAsync(Notice, CancellationToken.None);
        }

        Assert.Equal(left / unit, (await ChargesAsync(order.SubscriptionId)).Count);
        Assert.Equal(SubscriptionStatus.Suspended, (await _data.SubscriptionAsync(order.SubscriptionId)).Status);

        await _data.PayAsync(customer, null, 10 * unit, "FNB-TOPUP");
        await Sweep().RunAsync(Notice, CancellationToken.None);

        var resumed = await _data.SubscriptionAsync(order.SubscriptionId);
        Assert.Equal(SubscriptionStatus.Active, resumed.Status);
        Assert.Equal(left / unit + 1, (await ChargesAsync(order.SubscriptionId)).Count); // A fresh day starts on resuming.
        Assert.Equal(_data.NowUtc.AddDays(1), resumed.PaidUntilUtc);
        await _data.AssertLedgerConsistentAsync();
    }
}
