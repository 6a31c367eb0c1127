using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Renewals;

public class RenewalSweepTests : IDisposable
{
    private readonly RenewalTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private Task<RenewalSweepResult> RunAsync() => _kit.Renewals().RunAsync(CancellationToken.None);

    [Fact]
    public async Task RunAsync_DueWithBalance_IssuesPaysAndExtendsExactlyOnce()
    {
        var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
        await _kit.TopUpAsync(customer, price.Minor * 3, "topup-1");
        var paidUntil = (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value;
        _kit.AdvanceTo(paidUntil.AddDays(-7));

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal((1, 1, 1), (first.Invoiced, first.PaidFromBalance, first.Advanced));
        Assert.True(second.IsIdle);
        var invoice = Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId));
        Assert.Equal(RenewalSweep.InvoiceKey(subscriptionId, paidUntil), invoice.IdempotencyKey);
        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
        Assert.Equal((paidUntil, BillingPeriod.Month1.EndOf(paidUntil)), (invoice.ServicePeriodStartUtc!.Value, invoice.ServicePeriodEndUtc));
        Assert.Equal(paidUntil, invoice.DueAtUtc);
        Assert.Equal(price, invoice.GrossTotal);
        var subscription = await _kit.SubscriptionAsync(subscriptionId);
        Assert.Equal((paidUntil, BillingPeriod.Month1.EndOf(paidUntil)), (subscription.CurrentPeriodStartUtc!.Value, subscription.PaidUntilUtc));
        Assert.Equal(price.Minor * 2, await _kit.BalanceAsync(customer));
        await _kit.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task RunAsync_BeforeLeadTime_IssuesNothing()
    {
        var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
        await _kit.TopUpAsync(customer, price.Minor, "topup-1");
        _kit.AdvanceTo((await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value.AddDays(-7).AddMinutes(-1));

        Assert.True((await RunAsync()).IsIdle);
        Assert.Empty(await _kit.RenewalInvoicesAsync(subscriptionId));
    }

    [Fact]
    public async Task RunAsync_BalanceShort_LeavesInvoiceOpenUntilTopUpPaysAndExtends()
    {
        var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
        var paidUntil = (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value;
        _kit.AdvanceTo(paidUntil.AddDays(-7));

        var result = await RunAsync();
        Assert.Equal((1, 0, 1), (result.Invoiced, result.PaidFromBalance, result.LeftOpen));
        Assert.True((await RunAsync()).IsIdle);
        Assert.Equal(InvoiceStatus.Open, Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId)).Status);

        _kit.AdvanceTo(paidUntil.AddDays(2)); // Paid two days late: the new period still starts where the old one ended.
        await _kit.TopUpAsync(customer, price.Minor, "late-topup");

        Assert.Equal(InvoiceStatus.Paid, Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId)).Status);
        var subscription = await _kit.SubscriptionAsync(subscriptionId);
        Assert.Equal((paidUntil, BillingPeriod.Month1.EndOf(paidUntil)), (subscription.CurrentPeriodStartUtc!.Value, subscription.PaidUntilUtc));
    }

    [Fact]
    public async Task RunAsync_TwoSweepsAtOnce_OneInvoiceAndOneChargePerService()
    {
        var services = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
            await _kit.TopUpAsync(customer, price.Minor, $"topup-{i}");
            services.Add(subscriptionId);
        }

        _kit.AdvanceTo((await _kit.SubscriptionAsync(services[^1])).PaidUntilUtc!.Value.AddDays(-6));
        _kit.RenewalOptions.BatchSize = 5;

        var results = await Task.WhenAll(Task.Run(RunAsync), Task.Run(RunAsync));

        Assert.Equal(12, results.Sum(r => r.Invoiced));
        Assert.Equal(12, results.Sum(r => r.PaidFromBalance));
        await using var db = _kit.Data.Database.CreateDbContext();
        foreach (var id in services)
        {
            var invoice = Assert.Single(await _kit.RenewalInvoicesAsync(id));
            Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.InvoiceId == invoice.Id));
        }

        await _kit.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task RunAsync_MissedForTenDays_CatchesUpOneInvoicePerPeriod()
    {
        var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
        await _kit.TopUpAsync(customer, price.Minor * 5, "topup-1");
        var paidUntil = (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value;
        _kit.AdvanceTo(paidUntil.AddDays(3)); // The job last ran before the lead time and then not for ten days.

        var result = await RunAsync();

        Assert.Equal(1, result.Invoiced);
        var invoice = Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId));
        Assert.Equal(paidUntil, invoice.ServicePeriodStartUtc);
        Assert.True((await RunAsync()).IsIdle);
    }

    [Fact]
    public async Task RunAsync_MissedForSeveralPeriods_RenewsEachPeriodOnceInOrder()
    {
        var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
        await _kit.TopUpAsync(customer, price.Minor * 5, "topup-1");
        var paidUntil = (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value;
        _kit.AdvanceTo(paidUntil.AddDays(65));

        var result = await RunAsync();

        var invoices = await _kit.RenewalInvoicesAsync(subscriptionId);
        Assert.Equal(3, result.Invoiced);
        Assert.Equal(3, invoices.Count);
        for (var i = 1; i < invoices.Count; i++)
        {
            Assert.Equal(invoices[i - 1].ServicePeriodEndUtc, invoices[i].ServicePeriodStartUtc);
        }

        var subscription = await _kit.SubscriptionAsync(subscriptionId);
        Assert.Equal(invoices[^1].ServicePeriodEndUtc, subscription.PaidUntilUtc);
        Assert.True(subscription.PaidUntilUtc > _kit.NowUtc.AddDays(7));
        Assert.Equal(price.Minor * 2, await _kit.BalanceAsync(customer));
    }

    [Fact]
    public async Task RunAsync_OlderOpenInvoice_BalancePaysOldestFirst()
    {
        var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
        await _kit.TopUpAsync(customer, price.Minor, "topup-1");
        _kit.AdvanceTo((await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value.AddDays(-8));
        // An order placed after the top-up: its invoice is open and older than the renewal to come.
        var older = await _kit.Data.PlaceAsync(BillingTestData.Order(customer, _kit.Data.TariffId("paper-4gb"), serverName: "Second"));
        Assert.Equal(price, older.GrossTotal);
        _kit.AdvanceTo(_kit.NowUtc.AddDays(1));

        var result = await RunAsync();

        Assert.Equal((1, 0), (result.Invoiced, result.PaidFromBalance));
        Assert.Equal(InvoiceStatus.Open, Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId)).Status);
        await using var db = _kit.Data.Database.CreateDbContext();
        Assert.Equal(InvoiceStatus.Paid, (await db.Invoices().SingleAsync(i => i.Id == older.InvoiceId)).Status);
        Assert.Equal(0, await _kit.BalanceAsync(customer));
        await _kit.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task RunAsync_SuspendedOrCancelledService_IsNotRenewed()
    {
        var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
        await _kit.TopUpAsync(customer, price.Minor, "topup-1");
        await using (var db = _kit.Data.Database.CreateDbContext())
        {
            var subscription = await db.Subscriptions().SingleAsync(s => s.Id == subscriptionId);
            subscription.Status = SubscriptionStatus.Cancelled;
            await db.SaveChangesAsync();
        }

        _kit.AdvanceTo((await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value);

        Assert.True((await RunAsync()).IsIdle);
    }

    [Fact]
    public async Task RunAsync_CancelledAtPeriodEnd_IssuesNoRenewalForThePeriodAfterTheEnd()
    {
        var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
        await _kit.TopUpAsync(customer, price.Minor * 3, "topup-1");
        await using (var db = _kit.Data.Database.CreateDbContext())
        {
            var subscription = await db.Subscriptions().SingleAsync(s => s.Id == subscriptionId);
            subscription.EndsAtUtc = subscription.PaidUntilUtc; // What "cancel at period end" sets.
            await db.SaveChangesAsync();
        }

        _kit.AdvanceTo((await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value.AddDays(-1));

        Assert.True((await RunAsync()).IsIdle);
        await using var check = _kit.Data.Database.CreateDbContext();
        Assert.False(await check.Invoices().AnyAsync(i => i.SubscriptionId == subscriptionId && i.ServicePeriodStartUtc != null));
    }

    [Fact]
    public void LinesFor_PromoPeriodsLeft_AddsCappedDiscount()
    {
        var subscription = new Subscription { ServerName = "Alpha", Period = BillingPeriod.Month1, RecurringNet = new Money(10_000, Currency.ZAR), PromoPeriodsLeft = 1 };
        var promo = new PromoCode { Code = "HALF", Kind = PromoDiscountKind.Percent, PercentBasisPoints = 5_000, AppliesTo = PromoAppliesTo.NPeriods };

        var lines = RenewalPricing.LinesFor(subscription, promo);

        Assert.Equal([10_000, -5_000], lines.Select(l => l.Net.Minor));
        Assert.Equal("HALF", lines[1].Code);
        subscription.PromoPeriodsLeft = 0;
        Assert.Single(RenewalPricing.LinesFor(subscription, promo));
        var fixedPromo = new PromoCode { Code = "BIG", Kind = PromoDiscountKind.Fixed, AppliesTo = PromoAppliesTo.NPeriods, FixedAmounts = [new() { Amount = new Money(50_000, Currency.ZAR) }] };
        subscription.PromoPeriodsLeft = 2;
        Assert.Equal(-10_000, RenewalPricing.LinesFor(subscription, fixedPromo)[1].Net.Minor);
    }
}
