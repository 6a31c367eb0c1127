using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Dunning;
using GameHost.Domain.Billing.PromisedPayments;
using GameHost.Domain.Catalog;
using GameHost.Tests.Domain.Billing.Renewals;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.PromisedPayments;

public class PromisedPaymentTests : IDisposable
{
    private readonly RenewalTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private Task<GameHost.Domain.Common.Result<TakenPromise>> TakeAsync(Guid customer, Guid invoiceId, string? requestId = null) =>
        _kit.Promises().ExecuteAsync(new TakePromiseCommand(customer, invoiceId, requestId ?? Guid.NewGuid().ToString("N")), RenewalTestKit.Notice, CancellationToken.None);

    private Task<DunningSweepResult> DunAsync() => _kit.Dunning().RunAsync(RenewalTestKit.Notice, CancellationToken.None);

    private async Task<(Guid Customer, Guid Subscription, Invoice Renewal)> DueRenewalAsync(Guid? customer = null, int daysAfterDue = 0)
    {
        var (who, subscriptionId, _) = await _kit.ActiveServiceAsync(customer);
        var paidUntil = (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value;
        _kit.AdvanceTo(paidUntil.AddDays(-7));
        await _kit.Renewals().RunAsync(CancellationToken.None);
        _kit.AdvanceTo(paidUntil.AddDays(daysAfterDue));
        return (who, subscriptionId, Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId)));
    }

    private async Task SetDefaultGroupAsync(Action<BillingGroup> change)
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        var group = await db.BillingGroups().SingleAsync(g => g.IsDefault);
        change(group);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Execute_DueRenewal_KeepsServiceRunningUntilPromiseEndsThenSuspends()
    {
        var (customer, subscriptionId, renewal) = await DueRenewalAsync(daysAfterDue: 4);

        var taken = await TakeAsync(customer, renewal.Id, "promise-1");

        Assert.True(taken.IsSuccess, taken.Error?.Code);
        Assert.Equal(_kit.NowUtc.AddDays(3), taken.Value!.EndsAtUtc); // The default group: 3 days.
        _kit.AdvanceTo(renewal.DueAtUtc!.Value.AddDays(6)); // Past the usual suspension day, within the promise.
        Assert.Equal(0, (await DunAsync()).Suspensions);
        Assert.Equal(SubscriptionStatus.Active, (await _kit.SubscriptionAsync(subscriptionId)).Status);

        _kit.AdvanceTo(taken.Value.EndsAtUtc);
        var after = await DunAsync();
        Assert.Equal((1, 1), (after.Suspensions, after.PromisesBroken));
        Assert.Equal(SubscriptionStatus.Suspended, (await _kit.SubscriptionAsync(subscriptionId)).Status);
        await using var db = _kit.Data.Database.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == TakePromisedPayment.AuditAction && a.SubjectId == renewal.Id.ToString()));
        Assert.Single(await _kit.EmailKeysAsync("promise-taken:"));
        Assert.Single(await _kit.EmailKeysAsync("promise-expiring:"));
    }

    [Fact]
    public async Task Execute_PaidDuringPromise_RenewalIsBackdatedAndPromiseKept()
    {
        var (customer, subscriptionId, renewal) = await DueRenewalAsync(daysAfterDue: 1);
        Assert.True((await TakeAsync(customer, renewal.Id)).IsSuccess);
        _kit.AdvanceTo(_kit.NowUtc.AddDays(2));

        await _kit.TopUpAsync(customer, renewal.GrossTotal.Minor, "promise-paid");

        var subscription = await _kit.SubscriptionAsync(subscriptionId);
        // The borrowed days are billed: the new period starts when the old one ended, not when the money came.
        Assert.Equal((renewal.ServicePeriodStartUtc, renewal.ServicePeriodEndUtc), (subscription.CurrentPeriodStartUtc, subscription.PaidUntilUtc));
        Assert.Equal(1, (await DunAsync()).PromisesKept);
    }

    [Fact]
    public async Task Execute_SameRequestTwice_OnePromise()
    {
        var (customer, _, renewal) = await DueRenewalAsync();
        var first = await TakeAsync(customer, renewal.Id, "same");
        var second = await TakeAsync(customer, renewal.Id, "same");

        Assert.Equal(first.Value!.PromiseId, second.Value!.PromiseId);
        Assert.True(second.Value.Replayed);
        Assert.Equal("billing.promise_already_taken", (await TakeAsync(customer, renewal.Id, "other")).Error?.Code);
    }

    [Fact]
    public async Task Execute_BeforeDueDate_IsRefused()
    {
        var (customer, _, renewal) = await DueRenewalAsync(daysAfterDue: -1);
        Assert.Equal("billing.promise_not_due_yet", (await TakeAsync(customer, renewal.Id)).Error?.Code);
    }

    [Fact]
    public async Task Execute_OtherCustomersInvoice_IsNotFound()
    {
        var (_, _, renewal) = await DueRenewalAsync();
        Assert.Equal("billing.promise_invoice_not_found", (await TakeAsync(_kit.Data.AddCustomer(), renewal.Id)).Error?.Code);
    }

    [Fact]
    public async Task Execute_GroupWithoutPromises_IsRefused()
    {
        var (customer, _, renewal) = await DueRenewalAsync();
        await SetDefaultGroupAsync(g => g.PromisesAllowed = false);
        Assert.Equal("billing.promise_not_allowed", (await TakeAsync(customer, renewal.Id)).Error?.Code);
    }

    [Fact]
    public async Task Execute_InvoiceAboveMaximum_IsRefused()
    {
        var (customer, _, renewal) = await DueRenewalAsync();
        await SetDefaultGroupAsync(g => g.MaxAmountMinor = renewal.GrossTotal.Minor - 1);
        Assert.Equal("billing.promise_amount_too_high", (await TakeAsync(customer, renewal.Id)).Error?.Code);
    }

    [Fact]
    public async Task Execute_SecondPromiseWithinWindow_IsRefusedThenAllowedAfterIt()
    {
        var (customer, subscriptionId, renewal) = await DueRenewalAsync();
        Assert.True((await TakeAsync(customer, renewal.Id)).IsSuccess);
        await _kit.TopUpAsync(customer, renewal.GrossTotal.Minor, "pay-1");
        // The next renewal, a month later, is inside the 90-day window of one promise.
        var paidUntil = (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value;
        _kit.AdvanceTo(paidUntil.AddDays(-7));
        await _kit.Renewals().RunAsync(CancellationToken.None);
        _kit.AdvanceTo(paidUntil);
        var next = (await _kit.RenewalInvoicesAsync(subscriptionId))[^1];

        Assert.Equal("billing.promise_too_many", (await TakeAsync(customer, next.Id)).Error?.Code);
        await SetDefaultGroupAsync(g => g.WindowDays = 20);
        Assert.True((await TakeAsync(customer, next.Id)).IsSuccess);
    }

    [Fact]
    public async Task Execute_AnotherInvoiceLongOverdue_NotInGoodStanding()
    {
        var customer = _kit.Data.AddCustomer();
        var (_, _, older) = await DueRenewalAsync(customer);
        _kit.AdvanceTo(_kit.NowUtc.AddDays(2));
        // A second service whose renewal falls due now; the first one's invoice is two days overdue.
        var (_, secondId, _) = await _kit.ActiveServiceAsync(customer);
        var paidUntil = (await _kit.SubscriptionAsync(secondId)).PaidUntilUtc!.Value;
        _kit.AdvanceTo(paidUntil.AddDays(-7));
        await _kit.Renewals().RunAsync(CancellationToken.None);
        _kit.AdvanceTo(paidUntil);
        var second = Assert.Single(await _kit.RenewalInvoicesAsync(secondId));

        Assert.Equal("billing.promise_not_in_good_standing", (await TakeAsync(customer, second.Id)).Error?.Code);
        await SetDefaultGroupAsync(g => g.GoodStandingMaxOverdueDays = 60);
        Assert.True((await TakeAsync(customer, second.Id)).IsSuccess); // Two days overdue is within 60.
        Assert.Equal(InvoiceStatus.Open, older.Status);
    }

    [Fact]
    public async Task Execute_EarlierPromiseBroken_IsRefused()
    {
        var customer = _kit.Data.AddCustomer();
        var (_, _, first) = await DueRenewalAsync(customer);
        Assert.True((await TakeAsync(customer, first.Id)).IsSuccess);
        await SetDefaultGroupAsync(g => { g.MaxPromisesPerWindow = 5; g.GoodStandingMaxOverdueDays = 365; });
        var (_, secondId, _) = await _kit.ActiveServiceAsync(customer);
        var paidUntil = (await _kit.SubscriptionAsync(secondId)).PaidUntilUtc!.Value;
        _kit.AdvanceTo(paidUntil.AddDays(-7));
        await _kit.Renewals().RunAsync(CancellationToken.None);
        _kit.AdvanceTo(paidUntil);
        var second = Assert.Single(await _kit.RenewalInvoicesAsync(secondId));

        Assert.Equal("billing.promise_previous_unpaid", (await TakeAsync(customer, second.Id)).Error?.Code);
    }

    [Fact]
    public async Task Execute_SuspendedService_IsRefused()
    {
        var (customer, _, renewal) = await DueRenewalAsync(daysAfterDue: 6);
        await DunAsync();
        Assert.Equal("billing.promise_service_not_active", (await TakeAsync(customer, renewal.Id)).Error?.Code);
    }

    [Fact]
    public async Task Execute_PaidInvoice_IsRefused()
    {
        var (customer, _, renewal) = await DueRenewalAsync();
        await _kit.TopUpAsync(customer, renewal.GrossTotal.Minor, "paid");
        Assert.Equal("billing.promise_invoice_not_open", (await TakeAsync(customer, renewal.Id)).Error?.Code);
    }

    [Fact]
    public async Task Execute_OrderInvoice_IsNotARenewal()
    {
        var customer = _kit.Data.AddCustomer();
        var order = await _kit.Data.PlaceAsync(BillingTestData.Order(customer, _kit.Data.TariffId("paper-4gb")));
        Assert.Equal("billing.promise_not_renewal", (await TakeAsync(customer, order.InvoiceId)).Error?.Code);
    }
}
