using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Changes;

public class ServiceChangesTests : IDisposable
{
    private readonly ChangesTestData _data = new();

    public void Dispose() => _data.Dispose();

    private ChangeRequest To(Guid customer, Guid subscription, string slug, IReadOnlyDictionary<string, int>? addOns = null) =>
        new(customer, subscription, _data.Billing.TariffId(slug), addOns);

    [Fact]
    public async Task QuoteAsync_UpgradeHalfwayThroughTheMonth_ChargesHalfTheDifferenceWithTax()
    {
        _data.Tax = new FifteenPercentTax();
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer);
        _data.Time.Advance(TimeSpan.FromDays(15)); // 30-day June: 15 of 30 days left.

        var quote = await _data.Changes().QuoteAsync(To(customer, subscription, "paper-4gb"), CancellationToken.None);

        Assert.True(quote.IsSuccess, quote.Error?.Code);
        Assert.Equal(ChangeDirection.Upgrade, quote.Value!.Direction);
        Assert.Equal((9900L, 18900L, 4500L, 675L), (quote.Value.OldRecurringNet.Minor, quote.Value.NewRecurringNet.Minor, quote.Value.ProratedNet.Minor, quote.Value.ProratedTax.Minor));
        Assert.Equal(5175, quote.Value.ProratedGross.Minor);
        Assert.True(quote.Value.NeedsMoreCapacity);
    }

    [Fact]
    public async Task ConfirmAsync_UpgradeBalanceCovers_PaysItsInvoiceFromBalanceAppliesAndQueuesABuild()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer, credit: 10_000);
        _data.Time.Advance(TimeSpan.FromDays(15));

        var result = await _data.Changes().ConfirmAsync(To(customer, subscription, "paper-4gb"), "change-1", CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal((ServiceChangeStatus.Applied, false), (result.Value!.Status, result.Value.Replayed));
        Assert.Equal(InvoiceStatus.Paid, (await _data.InvoiceAsync(result.Value.InvoiceId!.Value)).Status);
        Assert.Equal(10_000 - 4500, (await _data.BalanceAsync(customer)).Minor);
        var after = await _data.SubscriptionAsync(subscription);
        Assert.Equal((_data.Billing.TariffId("paper-4gb"), 18900L), (after.TariffId, after.RecurringNet.Minor));
        Assert.Equal(1, await _data.TaskCountAsync(subscription, ProvisioningTaskKind.ApplyBuild));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task ConfirmAsync_UpgradeBalanceShort_WaitsForItsInvoiceAndAppliesOnceWhenPaid()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer, credit: 1000);
        _data.Time.Advance(TimeSpan.FromDays(15));

        var result = await _data.Changes().ConfirmAsync(To(customer, subscription, "paper-4gb"), "change-2", CancellationToken.None);

        Assert.Equal(ServiceChangeStatus.AwaitingPayment, result.Value!.Status);
        var invoice = await _data.InvoiceAsync(result.Value.InvoiceId!.Value);
        Assert.Equal((InvoiceStatus.Open, 4500L, (Guid?)null), (invoice.Status, invoice.GrossTotal.Minor, invoice.SubscriptionId));
        Assert.Equal(9900, (await _data.SubscriptionAsync(subscription)).RecurringNet.Minor);
        Assert.Equal(1000, (await _data.BalanceAsync(customer)).Minor);

        await _data.PayAsync(customer, invoice.Id, 3500, "FNB-TOPUP"); // 1000 + 3500 covers 4500.
        await _data.PayAsync(customer, null, 5000, "FNB-MORE"); // More money later must not apply it again.

        Assert.Equal(InvoiceStatus.Paid, (await _data.InvoiceAsync(invoice.Id)).Status);
        Assert.Equal(18900, (await _data.SubscriptionAsync(subscription)).RecurringNet.Minor);
        Assert.Equal(1, await _data.TaskCountAsync(subscription, ProvisioningTaskKind.ApplyBuild));
        Assert.Equal(5000, (await _data.BalanceAsync(customer)).Minor);
        var replay = await _data.Changes().ConfirmAsync(To(customer, subscription, "paper-4gb"), "change-2", CancellationToken.None);
        Assert.Equal((ServiceChangeStatus.Applied, true), (replay.Value!.Status, replay.Value.Replayed));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task ConfirmAsync_DoubleClickRacing_MakesOneChangeOneInvoiceOneCharge()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer, credit: 10_000);
        _data.Time.Advance(TimeSpan.FromDays(10));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => _data.Changes().ConfirmAsync(To(customer, subscription, "paper-4gb"), "double-click", CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Single(results.Select(r => r.Value!.ChangeId).Distinct());
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(1, await db.ServiceChanges().CountAsync());
        Assert.Equal(1, await db.Invoices().CountAsync(i => i.IdempotencyKey == ServiceChanges.InvoiceKey("double-click")));
        Assert.Equal(10_000 - 6000, (await _data.BalanceAsync(customer)).Minor); // 9000 × 20/30.
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task ConfirmAsync_Downgrade_CreditsTheProratedDifferenceAndAppliesAtOnce()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer, "paper-4gb");
        _data.Time.Advance(TimeSpan.FromDays(15));

        var result = await _data.Changes().ConfirmAsync(To(customer, subscription, "paper-2gb"), "down-1", CancellationToken.None);
        var again = await _data.Changes().ConfirmAsync(To(customer, subscription, "paper-2gb"), "down-1", CancellationToken.None);

        Assert.Equal((ChangeDirection.Downgrade, ServiceChangeStatus.Applied, -4500L), (result.Value!.Direction, result.Value.Status, result.Value.ProratedGross.Minor));
        Assert.True(again.Value!.Replayed);
        Assert.Equal(4500, (await _data.BalanceAsync(customer)).Minor);
        Assert.Equal(9900, (await _data.SubscriptionAsync(subscription)).RecurringNet.Minor);
        Assert.Equal(1, await _data.TaskCountAsync(subscription, ProvisioningTaskKind.ApplyBuild));
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task ConfirmAsync_AddOnOnly_ChangesQuantitiesAndRecurringPrice()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer, credit: 10_000);

        var result = await _data.Changes().ConfirmAsync(
            To(customer, subscription, "paper-2gb", new Dictionary<string, int> { ["extra-memory"] = 2 }), "addons-1", CancellationToken.None);

        Assert.Equal(ServiceChangeStatus.Applied, result.Value!.Status);
        var after = await _data.SubscriptionAsync(subscription);
        Assert.Equal(9900 + 2 * 4500, after.RecurringNet.Minor);
        Assert.Equal(2, after.AddOns.Single(a => a.Key == "extra-memory").Quantity);
    }

    [Fact]
    public async Task ConfirmAsync_RefusedCases_ReturnStableCodesAndChangeNothing()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer, credit: 50_000);
        var pending = await _data.Billing.PlaceAsync(BillingTestData.Order(customer, _data.Billing.TariffId("paper-2gb")));

        async Task<string?> Code(ChangeRequest request) =>
            (await _data.Changes().ConfirmAsync(request, Guid.NewGuid().ToString("N"), CancellationToken.None)).Error?.Code;

        Assert.Equal(ChangesErrors.DifferentGame.Code, await Code(To(customer, subscription, "bedrock-4gb")));
        Assert.Equal(ChangesErrors.NoChange.Code, await Code(To(customer, subscription, "paper-2gb")));
        Assert.Equal(ChangesErrors.ServiceNotActive.Code, await Code(To(customer, pending.SubscriptionId, "paper-4gb")));
        Assert.Equal(ChangesErrors.ServiceNotFound.Code, await Code(To(_data.AddCustomer(), subscription, "paper-4gb")));
        _data.Billing.Capacity.Answer = CapacityAnswer.No([]);
        Assert.Equal("provisioning.no_capacity", await Code(To(customer, subscription, "paper-8gb")));
        _data.Billing.Capacity.Answer = CapacityAnswer.Yes;
        await using (var db = _data.Database.CreateDbContext())
        {
            var profile = await db.CustomerProfiles.SingleAsync(p => p.UserId == customer);
            profile.BillingCurrency = "USD";
            await db.SaveChangesAsync();
        }

        Assert.Equal(ChangesErrors.CurrencyMismatch.Code, await Code(To(customer, subscription, "paper-4gb")));
        Assert.Equal(9900, (await _data.SubscriptionAsync(subscription)).RecurringNet.Minor);
        await using var check = _data.Database.CreateDbContext();
        Assert.Equal(0, await check.ServiceChanges().CountAsync());
    }

    [Fact]
    public async Task QuoteAsync_ServiceCancelledAtPeriodEnd_IsRefusedUntilUndone()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer);
        await _data.Cancellation().CancelAtPeriodEndAsync(customer, subscription, CancellationToken.None);

        var refused = await _data.Changes().QuoteAsync(To(customer, subscription, "paper-4gb"), CancellationToken.None);
        await _data.Cancellation().UndoCancelAsync(customer, subscription, CancellationToken.None);
        var allowed = await _data.Changes().QuoteAsync(To(customer, subscription, "paper-4gb"), CancellationToken.None);

        Assert.Equal(ChangesErrors.EndingService.Code, refused.Error?.Code);
        Assert.True(allowed.IsSuccess);
    }
}
