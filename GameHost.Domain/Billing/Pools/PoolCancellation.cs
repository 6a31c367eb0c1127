using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Servers;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Pools;

/// <param name="EndsAtUtc">When the pool ends (now for an immediate cancel).</param>
/// <param name="Refunded">What went back to the balance (zero when the staff rule gives nothing).</param>
public sealed record PoolCancellationOutcome(Guid PoolId, DateTime EndsAtUtc, Money Refunded, bool Replayed);

/// <summary>What cancelling a pool now would return to the balance, shown before the customer confirms.</summary>
public sealed record PoolCancellationQuote(Guid PoolId, DateTime PaidUntilUtc, CancellationRefundRule Rule, Money Unused, Money Fee, Money Refund);

/// <summary>
/// A customer ends a resource pool like a prepaid service: at the end of the paid period (<see cref="ResourcePool.EndsAtUtc"/>
/// is set, no renewal is issued for a period starting then, the <c>service-endings</c> sweep ends it; undoable until then)
/// or now (Cancelled, every server's deletion queued and the unused part refunded to the balance per the staff rule that
/// services use, in one save). Ending a pool voids its open renewal and resize invoices: nothing is owed for a pool that ended.
/// </summary>
public sealed class PoolCancellation(
    IDbContextFactory<GameHostDbContext> contexts,
    ITaxPolicy taxPolicy,
    LedgerPosting ledger,
    InvoiceSettlement settlement,
    ProvisioningRequests provisioning,
    TimeProvider time)
{
    public const string RefundTransactionKind = "pool_cancellation_refund";

    /// <summary>A pool is cancelled now at most once, so its id keys the refund.</summary>
    public static string RefundKey(Guid poolId) => $"pool-cancel-refund:{poolId:N}";

    public async Task<Result<PoolCancellationOutcome>> CancelAtPeriodEndAsync(Guid customerId, Guid poolId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pool = await LoadAsync(db, customerId, poolId, cancellationToken);
        if (pool is null)
        {
            return PoolsErrors.PoolNotFound;
        }

        var zero = Money.Zero(pool.RecurringNet.Currency);
        if (pool.EndsAtUtc is { } ends && pool.Status is ResourcePoolStatus.Active)
        {
            return new PoolCancellationOutcome(pool.Id, ends, zero, Replayed: true);
        }

        if (pool.Status != ResourcePoolStatus.Active || pool.PaidUntilUtc is not { } paidUntil)
        {
            return PoolsErrors.PoolNotRunning;
        }

        pool.EndsAtUtc = paidUntil;
        pool.ConcurrencyToken = Guid.NewGuid();
        // A renewal already invoiced for the period after the end is no longer owed.
        await VoidOpenInvoicesAsync(db, pool, "The pool is cancelled at the end of its period.", time.GetUtcNow().UtcDateTime, cancellationToken);
        return await SaveAsync(db, new PoolCancellationOutcome(pool.Id, paidUntil, zero, false), cancellationToken);
    }

    /// <summary>Takes back a cancellation at period end while the period still runs; repeating it changes nothing.</summary>
    public async Task<Result> UndoCancelAsync(Guid customerId, Guid poolId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pool = await LoadAsync(db, customerId, poolId, cancellationToken);
        if (pool is null)
        {
            return PoolsErrors.PoolNotFound;
        }

        if (pool.Status != ResourcePoolStatus.Active)
        {
            return PoolsErrors.PoolNotRunning;
        }

        if (pool.EndsAtUtc is null)
        {
            return Result.Success();
        }

        pool.EndsAtUtc = null;
        pool.ConcurrencyToken = Guid.NewGuid();
        var saved = await SaveAsync(db, 0, cancellationToken);
        return saved.IsSuccess ? Result.Success() : saved.Error!;
    }

    public async Task<Result<PoolCancellationQuote>> QuoteNowAsync(Guid customerId, Guid poolId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pool = await LoadAsync(db, customerId, poolId, cancellationToken);
        if (pool is null)
        {
            return PoolsErrors.PoolNotFound;
        }

        if (pool.Status is not (ResourcePoolStatus.Active or ResourcePoolStatus.Suspended))
        {
            return PoolsErrors.PoolNotRunning;
        }

        return await QuoteAsync(db, pool, cancellationToken);
    }

    /// <summary>Ends the pool now: Cancelled, every server's deletion queued, the refund posted, all in one save.</summary>
    public async Task<Result<PoolCancellationOutcome>> CancelNowAsync(Guid customerId, Guid poolId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var pool = await LoadAsync(db, customerId, poolId, cancellationToken);
            if (pool is null)
            {
                return PoolsErrors.PoolNotFound;
            }

            if (pool.Status == ResourcePoolStatus.Cancelled && pool.EndsAtUtc is { } ended)
            {
                var refunded = await CancellationRefunds.RefundedAsync(db, RefundKey(pool.Id), pool.RecurringNet.Currency, cancellationToken);
                return new PoolCancellationOutcome(pool.Id, ended, refunded, Replayed: true);
            }

            if (pool.Status is not (ResourcePoolStatus.Active or ResourcePoolStatus.Suspended))
            {
                return PoolsErrors.PoolNotRunning;
            }

            var quote = await QuoteAsync(db, pool, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            await EndAsync(db, pool, provisioning, now, "The pool was cancelled.", cancellationToken);
            await CancellationRefunds.PostAsync(db, ledger, settlement, customerId, quote.Refund, RefundKey(pool.Id), RefundTransactionKind,
                $"Cancellation of pool {pool.Name.En}: unused time returned", cancellationToken);

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new PoolCancellationOutcome(pool.Id, now, quote.Refund, Replayed: false);
            }
            catch (DbUpdateException)
            {
                // A renewal, a payment, a server change or a second click raced: look again.
            }
        }

        return PoolsErrors.Busy;
    }

    /// <summary>
    /// Ends a pool in the caller's save: Cancelled (or <paramref name="status"/>), every server inside deleted and its
    /// deletion queued for the panel, its open renewal and resize invoices voided.
    /// </summary>
    internal static async Task EndAsync(
        GameHostDbContext db, ResourcePool pool, ProvisioningRequests provisioning, DateTime nowUtc, string reason, CancellationToken cancellationToken,
        ResourcePoolStatus status = ResourcePoolStatus.Cancelled)
    {
        pool.Status = status;
        pool.EndsAtUtc = pool.EndsAtUtc is { } ends && ends <= nowUtc ? ends : nowUtc;
        pool.ConcurrencyToken = Guid.NewGuid();
        var servers = await db.PoolServers().Where(s => s.PoolId == pool.Id && s.Status == PoolServerStatus.Active).ToListAsync(cancellationToken);
        foreach (var server in servers)
        {
            server.Status = PoolServerStatus.Deleted;
            server.DeletedAtUtc = nowUtc;
            await provisioning.RequestDeleteAsync(db, server.Id, cancellationToken);
        }

        // A cancelled pool owes nothing more (an overdue renewal of a suspended pool included); a terminated one keeps
        // its overdue renewal, which dunning writes off.
        await VoidOpenInvoicesAsync(db, pool, reason, nowUtc, cancellationToken, all: status == ResourcePoolStatus.Cancelled);
    }

    /// <summary>Voids the pool's open renewal invoices (for periods from its end on, or all) and its waiting resizes.</summary>
    private static async Task VoidOpenInvoicesAsync(
        GameHostDbContext db, ResourcePool pool, string reason, DateTime nowUtc, CancellationToken cancellationToken, bool all = false)
    {
        var prefix = $"{PoolRenewalSweep.InvoiceKeyPrefix}{pool.Id:N}:";
        var open = await db.Invoices().Where(i => i.CustomerId == pool.CustomerId && i.Status == InvoiceStatus.Open && i.IdempotencyKey.StartsWith(prefix))
            .ToListAsync(cancellationToken);
        foreach (var invoice in open.Where(i => all || pool.EndsAtUtc is not { } ends || i.ServicePeriodStartUtc is not { } start || start >= ends))
        {
            invoice.Void(reason, nowUtc);
        }

        var resizes = await db.PoolResizes().Where(r => r.PoolId == pool.Id && r.Status == PoolResizeStatus.AwaitingPayment).ToListAsync(cancellationToken);
        var invoiceIds = resizes.Where(r => r.InvoiceId != null).Select(r => r.InvoiceId!.Value).ToList();
        var resizeInvoices = await db.Invoices().Where(i => invoiceIds.Contains(i.Id) && i.Status == InvoiceStatus.Open).ToListAsync(cancellationToken);
        foreach (var resize in resizes)
        {
            resize.Status = PoolResizeStatus.Voided;
            resizeInvoices.FirstOrDefault(i => i.Id == resize.InvoiceId)?.Void(reason, nowUtc);
        }
    }

    /// <summary>What ending the pool now returns (<see cref="CancellationRefunds"/>), against the invoice that paid the current period.</summary>
    private async Task<PoolCancellationQuote> QuoteAsync(GameHostDbContext db, ResourcePool pool, CancellationToken cancellationToken)
    {
        var settings = await CancellationRefunds.SettingsAsync(db, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (pool.Status != ResourcePoolStatus.Active || pool.CurrentPeriodStartUtc is not { } start || pool.PaidUntilUtc is not { } end
            || settings.RefundRule == CancellationRefundRule.None)
        {
            var none = CancellationRefunds.None(settings.RefundRule, pool.RecurringNet.Currency);
            return new PoolCancellationQuote(pool.Id, pool.PaidUntilUtc ?? now, none.Rule, none.Unused, none.Fee, none.Refund);
        }

        var renewalKey = PoolRenewalSweep.InvoiceKey(pool.Id, start);
        var paid = await db.Invoices().AsNoTracking().Include(i => i.Lines)
            .Where(i => i.Status == InvoiceStatus.Paid && (i.IdempotencyKey == renewalKey || i.Id == pool.InvoiceId))
            .ToListAsync(cancellationToken);
        var invoice = paid.FirstOrDefault(i => i.IdempotencyKey == renewalKey) ?? paid.FirstOrDefault();
        var charged = invoice?.Lines.Aggregate(Money.Zero(pool.RecurringNet.Currency), (sum, l) => sum + l.Gross);
        var periodGross = await CancellationRefunds.PeriodGrossAsync(db, taxPolicy, pool.CustomerId, pool.RecurringNet, charged, cancellationToken);
        var amounts = CancellationRefunds.Compute(settings.RefundRule, settings.CancellationFeeBasisPoints, periodGross, start, end, now);
        return new PoolCancellationQuote(pool.Id, end, amounts.Rule, amounts.Unused, amounts.Fee, amounts.Refund);
    }

    private static Task<ResourcePool?> LoadAsync(GameHostDbContext db, Guid customerId, Guid poolId, CancellationToken cancellationToken) =>
        db.ResourcePools().FirstOrDefaultAsync(p => p.Id == poolId && p.CustomerId == customerId, cancellationToken);

    private static async Task<Result<T>> SaveAsync<T>(GameHostDbContext db, T value, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return value;
        }
        catch (DbUpdateException)
        {
            return PoolsErrors.Busy;
        }
    }
}
