using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Renewals;

/// <summary>
/// The sweep reads the next batch on a second connection while the current batch writes. A batch read ahead is used
/// only when it sees exactly what a read under the batch's own write lock would see: nobody but the sweep committed
/// since it was read, and it holds no customer or service the batch before it wrote. These tests pin both the
/// overlap (every batch after the first is read ahead on a quiet database) and the rules that drop a stale read.
/// </summary>
public sealed class RenewalReadAheadTests : IDisposable
{
    private readonly RenewalTestKit _kit = new();

    public RenewalReadAheadTests() => _kit.RenewalOptions.BatchSize = 2;

    public void Dispose() => _kit.Dispose();

    /// <summary>Services in paid-until order (a minute apart), each customer topped up for one renewal per service.</summary>
    private async Task<List<(Guid Customer, Guid Subscription, Money Price, DateTime PaidUntil)>> ServicesAsync(params int[] customerOf)
    {
        var customers = new Dictionary<int, Guid>();
        var services = new List<(Guid Customer, Guid Subscription, Money Price, DateTime PaidUntil)>();
        foreach (var who in customerOf)
        {
            var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync(customers.TryGetValue(who, out var known) ? known : null);
            customers[who] = customer;
            await _kit.TopUpAsync(customer, price.Minor, $"topup-{services.Count}");
            services.Add((customer, subscriptionId, price, (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value));
            _kit.Data.Time.Advance(TimeSpan.FromMinutes(1));
        }

        _kit.AdvanceTo(services.Max(s => s.PaidUntil).AddDays(-6));
        return services;
    }

    private async Task AssertRenewedOnceAsync(Guid subscriptionId, DateTime paidUntil)
    {
        var invoice = Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId));
        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
        await using var db = _kit.Data.Database.CreateDbContext();
        Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.InvoiceId == invoice.Id));
        Assert.Equal(BillingPeriod.Month1.EndOf(paidUntil), (await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc);
    }

    [Fact]
    public async Task RunAsync_SeveralBatchesOnAQuietDatabase_EveryBatchAfterTheFirstIsReadAhead()
    {
        var services = await ServicesAsync(0, 1, 2, 3, 4, 5);

        var result = await _kit.Renewals().RunAsync(CancellationToken.None);

        Assert.Equal((6, 6, 6), (result.Invoiced, result.PaidFromBalance, result.Advanced));
        Assert.Equal(3, result.Batches);
        Assert.Equal(0, result.Retries);
        Assert.Equal(2, result.ReadAhead);
        foreach (var (customer, subscriptionId, _, paidUntil) in services)
        {
            await AssertRenewedOnceAsync(subscriptionId, paidUntil);
            Assert.Equal(0, await _kit.BalanceAsync(customer));
        }

        await _kit.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task RunAsync_ServiceSuspendedAfterTheNextBatchWasReadAhead_ReadAgainUnderTheLockAndNotInvoiced()
    {
        var services = await ServicesAsync(0, 1, 2, 3);
        var victim = services[2];

        // Between the first batch's commit and the second batch's start another writer suspends a service of the second
        // batch, without moving its concurrency token: only a read after that commit can know.
        var result = await _kit.Renewals().RunAsync(async (checkpoint, done) =>
        {
            if (checkpoint == RenewalCheckpoint.BatchCommitted && done == 2)
            {
                await using var db = _kit.Data.Database.CreateDbContext();
                var subscription = await db.Subscriptions().SingleAsync(s => s.Id == victim.Subscription);
                subscription.Status = SubscriptionStatus.Suspended;
                await db.SaveChangesAsync();
            }
        }, CancellationToken.None);

        Assert.Equal((3, 3, 3), (result.Invoiced, result.PaidFromBalance, result.Advanced));
        Assert.Equal(0, result.ReadAhead);
        Assert.Equal(0, result.Retries);
        Assert.Empty(await _kit.RenewalInvoicesAsync(victim.Subscription));
        Assert.Equal(victim.PaidUntil, (await _kit.SubscriptionAsync(victim.Subscription)).PaidUntilUtc);
        Assert.Equal(victim.Price.Minor, await _kit.BalanceAsync(victim.Customer));
        foreach (var (_, subscriptionId, _, paidUntil) in services.Where(s => s != victim))
        {
            await AssertRenewedOnceAsync(subscriptionId, paidUntil);
        }

        await _kit.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task RunAsync_CustomerWithServicesInTwoConsecutiveBatches_SecondBatchReadUnderTheLockAndBalanceExact()
    {
        // Customer 1's services end the first batch and start the second: the second batch's read ahead holds the balance
        // as it was before the first batch paid from it.
        var services = await ServicesAsync(0, 1, 1, 2);

        var result = await _kit.Renewals().RunAsync(CancellationToken.None);

        Assert.Equal((4, 4, 4), (result.Invoiced, result.PaidFromBalance, result.Advanced));
        Assert.Equal(2, result.Batches);
        Assert.Equal(0, result.ReadAhead);
        Assert.Equal(0, result.Retries);
        foreach (var (customer, subscriptionId, _, paidUntil) in services)
        {
            await AssertRenewedOnceAsync(subscriptionId, paidUntil);
            Assert.Equal(0, await _kit.BalanceAsync(customer));
        }

        await _kit.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task RunAsync_TopUpBetweenBatches_ReadAheadDroppedAndTheNewBalanceUsedWithoutARetry()
    {
        var services = await ServicesAsync(0, 1, 2, 3);
        var poor = services[3];

        // A payment from another connection moves a second-batch customer's balance (and its token) between the batches.
        var result = await _kit.Renewals().RunAsync(async (checkpoint, done) =>
        {
            if (checkpoint == RenewalCheckpoint.BatchCommitted && done == 2)
            {
                await _kit.TopUpAsync(poor.Customer, 1, "late-topup");
            }
        }, CancellationToken.None);

        Assert.Equal((4, 4, 4), (result.Invoiced, result.PaidFromBalance, result.Advanced));
        Assert.Equal(0, result.ReadAhead);
        Assert.Equal(0, result.Retries);
        Assert.Equal(1, await _kit.BalanceAsync(poor.Customer));
        foreach (var (_, subscriptionId, _, paidUntil) in services)
        {
            await AssertRenewedOnceAsync(subscriptionId, paidUntil);
        }

        await _kit.AssertBooksBalanceAsync();
    }
}
