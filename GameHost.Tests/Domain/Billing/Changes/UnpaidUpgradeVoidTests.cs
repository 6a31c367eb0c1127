using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Changes;

/// <summary>An upgrade whose invoice nobody pays is dropped by the service-endings sweep, with its invoice voided.</summary>
public class UnpaidUpgradeVoidTests : IDisposable
{
    private readonly ChangesTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<(Guid Customer, Guid Subscription, ChangeOutcome Change)> WaitingUpgradeAsync()
    {
        var customer = _data.AddCustomer();
        var subscription = await _data.ActiveServiceAsync(customer);
        _data.Time.Advance(TimeSpan.FromDays(10));
        var change = await _data.Changes().ConfirmAsync(new ChangeRequest(customer, subscription, _data.Billing.TariffId("paper-4gb"), null),
            "upgrade-unpaid", CancellationToken.None);
        Assert.Equal(ServiceChangeStatus.AwaitingPayment, change.Value!.Status);
        return (customer, subscription, change.Value);
    }

    private async Task<ServiceChange> ChangeAsync(Guid id)
    {
        await using var db = _data.Database.CreateDbContext();
        return await db.ServiceChanges().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task RunAsync_UpgradeUnpaidForTheSetDays_VoidsTheInvoiceDropsTheChangeOnceAndAudits()
    {
        var (customer, subscription, change) = await WaitingUpgradeAsync();

        _data.Time.Advance(TimeSpan.FromDays(_data.ChangeOptions.UnpaidUpgradeVoidDays) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await _data.EndingSweep().RunAsync(CancellationToken.None)).UpgradesVoided);
        _data.Time.Advance(TimeSpan.FromSeconds(1));
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => _data.EndingSweep().RunAsync(CancellationToken.None))));

        Assert.Equal(1, runs.Sum(r => r.UpgradesVoided));
        Assert.Equal(ServiceChangeStatus.Voided, (await ChangeAsync(change.ChangeId)).Status);
        Assert.Equal(InvoiceStatus.Void, (await _data.InvoiceAsync(change.InvoiceId!.Value)).Status);
        var after = await _data.SubscriptionAsync(subscription);
        Assert.Equal((_data.Billing.TariffId("paper-2gb"), 9900L), (after.TariffId, after.RecurringNet.Minor));
        Assert.Equal(0, await _data.TaskCountAsync(subscription, ProvisioningTaskKind.ApplyBuild));
        await using (var db = _data.Database.CreateDbContext())
        {
            var entry = Assert.Single(await db.AuditEntries.AsNoTracking().Where(a => a.Action == ServiceEndingSweep.UpgradeVoidedAuditAction).ToListAsync());
            Assert.Equal(change.ChangeId.ToString("D"), entry.SubjectId);
        }

        // The customer may change the service again; money arriving later pays nothing of the voided invoice.
        Assert.True((await _data.Changes().QuoteAsync(new ChangeRequest(customer, subscription, _data.Billing.TariffId("paper-4gb"), null), CancellationToken.None)).IsSuccess);
        await _data.PayAsync(customer, null, 50_000, "FNB-LATE");
        Assert.Equal(50_000, (await _data.BalanceAsync(customer)).Minor);
        await _data.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task RunAsync_PeriodEndsBeforeTheSetDays_VoidsAtThePeriodEnd()
    {
        _data.ChangeOptions.UnpaidUpgradeVoidDays = 60;
        var (_, subscription, change) = await WaitingUpgradeAsync();
        var periodEnd = (await _data.SubscriptionAsync(subscription)).PaidUntilUtc!.Value;

        _data.Time.Advance(periodEnd - _data.NowUtc - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await _data.EndingSweep().RunAsync(CancellationToken.None)).UpgradesVoided);
        _data.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await _data.EndingSweep().RunAsync(CancellationToken.None)).UpgradesVoided);

        Assert.Equal(ServiceChangeStatus.Voided, (await ChangeAsync(change.ChangeId)).Status);
    }

    [Fact]
    public async Task RunAsync_UpgradePaidInTime_IsLeftApplied()
    {
        var (customer, subscription, change) = await WaitingUpgradeAsync();
        var invoice = await _data.InvoiceAsync(change.InvoiceId!.Value);
        await _data.PayAsync(customer, invoice.Id, invoice.GrossTotal.Minor, "FNB-UPG");

        _data.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, (await _data.EndingSweep().RunAsync(CancellationToken.None)).UpgradesVoided);

        Assert.Equal(ServiceChangeStatus.Applied, (await ChangeAsync(change.ChangeId)).Status);
        Assert.Equal(_data.Billing.TariffId("paper-4gb"), (await _data.SubscriptionAsync(subscription)).TariffId);
    }
}
