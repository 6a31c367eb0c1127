using GameHost.Domain.Audit;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.PromisedPayments;
using GameHost.Domain.Billing.Usage;
using GameHost.Domain.Catalog;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace GameHost.Tests.Domain.Billing.Renewals;

/// <summary>
/// Long random sequences of orders (prepaid and pay-as-you-go), payments, renewals, dunning, promised payments,
/// refunds, upgrades, downgrades, pay-as-you-go hours (usage sweep runs) and passing days keep the books whole: each
/// balance equals the sum of its entries, every transaction sums to zero, and no service is billed twice for one
/// period (nor for one pay-as-you-go hour). The seed is printed, so a failure can be replayed.
/// </summary>
public class BillingInvariantTests(ITestOutputHelper output) : IDisposable
{
    private readonly RenewalTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Theory]
    [InlineData(20261127)]
    [InlineData(7)]
    public async Task RandomSequence_AnyMixOfOperations_KeepsLedgerAndPeriodsWhole(int seed)
    {
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var admin = await _kit.AdminAsync();
        var customers = Enumerable.Range(0, 3).Select(i => _kit.Data.AddCustomer(name: $"Customer {i}")).ToList();
        var tariff = _kit.Data.TariffId("paper-4gb");
        string[] sizes = ["paper-2gb", "paper-4gb", "paper-8gb"];
        var hourly = _kit.Data.TariffId("paper-hourly");
        var tax = new NoTaxYet();
        var changes = new ServiceChanges(_kit.Data.Database, new SubscriptionTariffUsage(_kit.Data.Database), _kit.Data.Capacity, tax,
            new LedgerPosting(_kit.Data.Time), _kit.Settlement(), new ProvisioningRequests(_kit.Data.Time), _kit.Data.Time);
        var usage = new UsageSweep(_kit.Data.Database, new LedgerPosting(_kit.Data.Time), new ProvisioningRequests(_kit.Data.Time), tax,
            new BalanceOverviewQuery(_kit.Data.Database, tax, _kit.Data.Time), Options.Create(new UsageOptions()), _kit.Data.Time,
            GameHost.Tests.TestSupport.TestNotifier.Create(_kit.Data.Time));
        var payFromBalance = new PayInvoiceFromBalance(_kit.Data.Database, _kit.Settlement());
        var refunds = new RefundUnprovisionedOrder(_kit.Data.Database, new LedgerPosting(_kit.Data.Time), new ProvisioningRequests(_kit.Data.Time),
            new AuditLog(_kit.Data.Time), _kit.Data.Time, Options.Create(new ProvisioningSiteOptions()), GameHost.Tests.TestSupport.TestNotifier.Create(_kit.Data.Time));
        var log = new List<string>();
        try
        {
            for (var step = 0; step < 60; step++)
            {
                var customer = customers[random.Next(customers.Count)];
                switch (random.Next(10))
                {
                    case 6:
                        var running = await RunningPrepaidAsync(customer);
                        if (running.Count > 0)
                        {
                            var target = _kit.Data.TariffId(sizes[random.Next(sizes.Length)]);
                            var changed = await changes.ConfirmAsync(new ChangeRequest(customer, running[random.Next(running.Count)], target, null),
                                $"change-{seed}-{step}", CancellationToken.None);
                            log.Add($"{step}: change {(changed.IsSuccess ? $"{changed.Value!.Direction} {changed.Value.Status}" : changed.Error!.Code)}");
                        }

                        break;
                    case 7:
                        var payg = await _kit.Data.PlaceAsync(BillingTestData.Order(customer, hourly, period: BillingPeriod.Hour, serverName: $"H{step}"));
                        var started = await payFromBalance.ExecuteAsync(customer, payg.InvoiceId, CancellationToken.None);
                        log.Add($"{step}: hourly order {payg.InvoiceNumber} {(started.IsSuccess ? "started" : started.Error!.Code)}");
                        break;
                    case 8:
                        _kit.AdvanceTo(_kit.NowUtc.AddHours(random.Next(1, 30)));
                        log.Add($"{step}: usage {(await usage.RunAsync(RenewalTestKit.Notice, CancellationToken.None)).ToSummary()}");
                        break;
                    case 0:
                        var order = await _kit.Data.PlaceAsync(BillingTestData.Order(customer, tariff, serverName: $"S{step}"));
                        log.Add($"{step}: order {order.InvoiceNumber}");
                        break;
                    case 1:
                        var amount = random.Next(1, 40) * 2_500L;
                        await _kit.TopUpAsync(customer, amount, $"pay-{seed}-{step}", null);
                        log.Add($"{step}: payment {amount}");
                        break;
                    case 2:
                        log.Add($"{step}: renewals {(await _kit.Renewals().RunAsync(CancellationToken.None)).ToSummary()}");
                        break;
                    case 3:
                        log.Add($"{step}: dunning {(await _kit.Dunning().RunAsync(RenewalTestKit.Notice, CancellationToken.None)).ToSummary()}");
                        break;
                    case 4:
                        var open = await OpenRenewalsAsync(customer);
                        if (open.Count > 0)
                        {
                            var taken = await _kit.Promises().ExecuteAsync(
                                new TakePromiseCommand(customer, open[random.Next(open.Count)], $"promise-{seed}-{step}"), RenewalTestKit.Notice, CancellationToken.None);
                            log.Add($"{step}: promise {(taken.IsSuccess ? "taken" : taken.Error!.Code)}");
                        }

                        break;
                    case 5:
                        var paidOrders = await PaidOrdersAsync();
                        if (paidOrders.Count > 0)
                        {
                            var refunded = await refunds.ExecuteAsync(
                                new RefundUnprovisionedCommand(admin, paidOrders[random.Next(paidOrders.Count)], "Customer changed their mind"), CancellationToken.None);
                            log.Add($"{step}: refund {(refunded.IsSuccess ? "done" : refunded.Error!.Code)}");
                        }

                        break;
                    default:
                        var days = random.Next(1, 12);
                        _kit.AdvanceTo(_kit.NowUtc.AddDays(days).AddHours(random.Next(24)));
                        log.Add($"{step}: +{days} days");
                        break;
                }

                if (step % 15 == 14)
                {
                    await AssertInvariantsAsync();
                }
            }

            await AssertInvariantsAsync();
        }
        catch
        {
            output.WriteLine(string.Join(Environment.NewLine, log));
            throw;
        }
    }

    private async Task<List<Guid>> OpenRenewalsAsync(Guid customer)
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        return await db.Invoices().AsNoTracking().Where(i => i.CustomerId == customer && i.Status == InvoiceStatus.Open && i.ServicePeriodStartUtc != null)
            .Select(i => i.Id).ToListAsync();
    }

    private async Task<List<Guid>> RunningPrepaidAsync(Guid customer)
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        return await db.Subscriptions().AsNoTracking()
            .Where(s => s.CustomerId == customer && s.Status == SubscriptionStatus.Active && s.BillingModel == BillingModel.PrepaidPeriodic)
            .Select(s => s.Id).ToListAsync();
    }

    private async Task<List<Guid>> PaidOrdersAsync()
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        return await db.Subscriptions().AsNoTracking().Where(s => s.Status == SubscriptionStatus.Active).Select(s => s.Id).ToListAsync();
    }

    private async Task AssertInvariantsAsync()
    {
        await _kit.AssertBooksBalanceAsync();
        await using var db = _kit.Data.Database.CreateDbContext();
        var paid = await db.Invoices().AsNoTracking()
            .Where(i => i.Status == InvoiceStatus.Paid && i.ServicePeriodStartUtc != null)
            .Select(i => new { i.SubscriptionId, i.ServicePeriodStartUtc, i.ServicePeriodEndUtc }).ToListAsync();
        Assert.All(paid.GroupBy(p => (p.SubscriptionId, p.ServicePeriodStartUtc)), g => Assert.Single(g));
        var renewalsPerPeriod = await db.Invoices().AsNoTracking().Where(i => i.ServicePeriodStartUtc != null)
            .GroupBy(i => new { i.SubscriptionId, i.ServicePeriodStartUtc }).Select(g => g.Count()).ToListAsync();
        Assert.All(renewalsPerPeriod, count => Assert.Equal(1, count));
        var hours = await db.UsageCharges().AsNoTracking().Select(c => new { c.SubscriptionId, c.UnitStartUtc }).ToListAsync();
        Assert.All(hours.GroupBy(h => h), g => Assert.Single(g));
        var subscriptions = await db.Subscriptions().AsNoTracking().Where(s => s.PaidUntilUtc != null).ToListAsync();
        foreach (var subscription in subscriptions)
        {
            var periods = paid.Where(p => p.SubscriptionId == subscription.Id).OrderBy(p => p.ServicePeriodStartUtc).ToList();
            for (var i = 1; i < periods.Count; i++)
            {
                Assert.Equal(periods[i - 1].ServicePeriodEndUtc, periods[i].ServicePeriodStartUtc);
            }

            if (periods.Count > 0 && subscription.Status is SubscriptionStatus.Active or SubscriptionStatus.Suspended)
            {
                Assert.Equal(periods[^1].ServicePeriodEndUtc, subscription.PaidUntilUtc);
            }
        }
    }
}
