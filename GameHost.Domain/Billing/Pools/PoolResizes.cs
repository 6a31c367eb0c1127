using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Products;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Pools;

/// <summary>Another plan a pool can move to, with its price for the pool's period and whether the servers inside still fit.</summary>
public sealed record PoolResizeOption(Guid PlanId, LocalizedText Name, PoolUsage Size, Money RecurringNet, bool FitsServers);

/// <summary>What a resize costs, shown before the customer confirms: the signed difference for the rest of the paid period.</summary>
public sealed record PoolResizeQuote(
    Guid PoolId, Guid ToPlanId, LocalizedText ToName, PoolUsage From, PoolUsage To, Money OldRecurringNet, Money NewRecurringNet,
    Money ProratedNet, Money ProratedTax, DateTime PeriodEndUtc)
{
    public Money ProratedGross => ProratedNet + ProratedTax;

    public ChangeDirection Direction => ProratedNet.Minor > 0 ? ChangeDirection.Upgrade
        : ProratedNet.Minor < 0 ? ChangeDirection.Downgrade : ChangeDirection.Even;
}

/// <param name="InvoiceId">The invoice for a bigger pool's difference; it is paid when <see cref="Status"/> is Applied.</param>
public sealed record PoolResizeOutcome(Guid ResizeId, PoolResizeStatus Status, ChangeDirection Direction, Money ProratedGross, Guid? InvoiceId, bool Replayed);

/// <summary>
/// Moves a running pool to another plan for the rest of its paid period, priced like a service change
/// (<see cref="Proration.Difference"/>, tax from the tax policy). Bigger: an invoice for the difference (key
/// <c>pool-resize:{requestId}</c>) paid from the balance at once when it covers it, else the resize waits and the
/// settlement applies it when the invoice is paid. Smaller: refused when the servers inside use more than the new size,
/// else the difference is credited to the balance (key <c>pool-resize-credit:{requestId}</c>) and applied in the same
/// save. One resize per form (unique request id); the pool's concurrency token orders it with server changes.
/// </summary>
public sealed class PoolResizes(
    IDbContextFactory<GameHostDbContext> contexts, ITaxPolicy taxPolicy, LedgerPosting ledger, InvoiceSettlement settlement, TimeProvider time)
{
    public const string InvoiceKeyPrefix = "pool-resize:";

    public const string CreditTransactionKind = "pool_downsize_credit";

    public static string InvoiceKey(string requestId) => InvoiceKeyPrefix + requestId;

    public static string CreditKey(string requestId) => "pool-resize-credit:" + requestId;

    public async Task<IReadOnlyList<PoolResizeOption>> OptionsAsync(Guid customerId, Guid poolId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pool = await db.ResourcePools().AsNoTracking().FirstOrDefaultAsync(p => p.Id == poolId && p.CustomerId == customerId, cancellationToken);
        if (pool is null)
        {
            return [];
        }

        var used = await UsedAsync(db, pool.Id, cancellationToken);
        var plans = await db.PoolPlans().AsNoTracking().Include(p => p.Prices).Where(p => p.IsActive && p.Id != pool.PoolPlanId).ToListAsync(cancellationToken);
        return plans
            .Select(p => (Plan: p, Price: p.Prices.Where(x => x.Period == pool.Period && x.Amount.Currency == pool.RecurringNet.Currency)
                .Select(x => (Money?)x.Amount).FirstOrDefault()))
            .Where(x => x.Price is not null)
            .OrderBy(x => x.Plan.MemoryMb).ThenBy(x => x.Price!.Value.Minor)
            .Select(x => new PoolResizeOption(x.Plan.Id, x.Plan.Name, SizeOf(x.Plan), x.Price!.Value, Fits(SizeOf(x.Plan), used)))
            .ToList();
    }

    public async Task<Result<PoolResizeQuote>> QuoteAsync(Guid customerId, Guid poolId, Guid planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await QuoteAsync(db, customerId, poolId, planId, cancellationToken);
    }

    public async Task<Result<PoolResizeOutcome>> ConfirmAsync(Guid customerId, Guid poolId, Guid planId, string requestId, CancellationToken cancellationToken)
    {
        requestId = requestId?.Trim() ?? "";
        if (requestId.Length is 0 or > PoolResize.MaxRequestIdLength)
        {
            return BillingErrors.InvalidRequestId;
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await FindAsync(requestId, customerId, cancellationToken) is { } replay)
            {
                return replay;
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var quoted = await QuoteAsync(db, customerId, poolId, planId, cancellationToken);
            if (!quoted.IsSuccess)
            {
                return quoted.Error;
            }

            var quote = quoted.Value;
            var pool = await db.ResourcePools().SingleAsync(p => p.Id == poolId, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var resize = new PoolResize
            {
                Id = Guid.NewGuid(),
                PoolId = pool.Id,
                CustomerId = customerId,
                RequestId = requestId,
                FromPlanId = pool.PoolPlanId,
                ToPlanId = quote.ToPlanId,
                MemoryMb = quote.To.MemoryMb,
                DiskMb = quote.To.DiskMb,
                CpuPercent = quote.To.CpuPercent,
                MaxServers = quote.To.Servers,
                OldRecurringNet = quote.OldRecurringNet,
                NewRecurringNet = quote.NewRecurringNet,
                ProratedNet = quote.ProratedNet,
                ProratedTax = quote.ProratedTax,
                PeriodEndUtc = quote.PeriodEndUtc,
                Status = PoolResizeStatus.AwaitingPayment,
                CreatedAtUtc = now,
            };
            db.PoolResizes().Add(resize);
            pool.ConcurrencyToken = Guid.NewGuid(); // Orders the resize with racing server creations and other resizes.
            if (quote.Direction == ChangeDirection.Upgrade)
            {
                var buyer = await OrderBuyer.LoadAsync(db, customerId, cancellationToken);
                // The net is the prorated difference; the tax policy taxes it again exactly as the quote showed.
                var invoice = await PurchaseInvoice.IssueAsync(db, taxPolicy, buyer!, customerId, InvoiceKey(requestId), InvoiceLineKind.Pool, "pool-resize",
                    new LocalizedText(
                        $"Resize of pool {pool.Name.En} to {quote.ToName.En} until {quote.PeriodEndUtc:yyyy-MM-dd}",
                        $"Cambio del pool {pool.Name.For("es")} a {quote.ToName.For("es")} hasta {quote.PeriodEndUtc:yyyy-MM-dd}"),
                    quote.ProratedNet, now, cancellationToken);
                resize.InvoiceId = invoice.Id;
            }
            else
            {
                if (quote.Direction == ChangeDirection.Downgrade)
                {
                    var credit = -quote.ProratedGross;
                    await ledger.PostAsync(db, new PostingRequest(CreditKey(requestId), CreditTransactionKind,
                        $"Smaller pool {pool.Name.En}: unused difference returned",
                        [Posting.Customer(customerId, credit), Posting.System(LedgerAccountKind.InvoicesSettled, -credit)],
                        customerId), cancellationToken);
                }

                Apply(pool, resize, now);
                if (quote.Direction == ChangeDirection.Downgrade)
                {
                    await settlement.ApplyBalanceAsync(db, customerId, null, cancellationToken);
                }
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                continue; // The same form saved first, the pool changed, or the invoice number raced: look again.
            }

            if (resize.Status == PoolResizeStatus.AwaitingPayment)
            {
                await PurchaseInvoice.PayFromBalanceAsync(contexts, settlement, customerId, resize.InvoiceId!.Value, cancellationToken);
                var found = await FindAsync(requestId, customerId, cancellationToken);
                return found is { IsSuccess: true } after ? after.Value! with { Replayed = false } : Outcome(resize, replayed: false);
            }

            return Outcome(resize, replayed: false);
        }

        return PoolsErrors.Busy;
    }

    /// <summary>Called by the settlement when a bigger pool's invoice is paid: the pool takes the new size, once.</summary>
    internal static async Task OnPaidAsync(GameHostDbContext db, Invoice invoice, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var resize = await db.PoolResizes().FirstOrDefaultAsync(r => r.InvoiceId == invoice.Id, cancellationToken);
        if (resize is not { Status: PoolResizeStatus.AwaitingPayment })
        {
            return;
        }

        var pool = await db.ResourcePools().SingleAsync(p => p.Id == resize.PoolId, cancellationToken);
        if (pool.Status is ResourcePoolStatus.Active or ResourcePoolStatus.Suspended)
        {
            Apply(pool, resize, nowUtc);
        }
        else
        {
            resize.Status = PoolResizeStatus.Applied; // Ended meanwhile: the money stays paid (staff may refund); nothing left to resize.
            resize.AppliedAtUtc = nowUtc;
        }
    }

    private static void Apply(ResourcePool pool, PoolResize resize, DateTime nowUtc)
    {
        pool.PoolPlanId = resize.ToPlanId;
        pool.MemoryMb = resize.MemoryMb;
        pool.DiskMb = resize.DiskMb;
        pool.CpuPercent = resize.CpuPercent;
        pool.MaxServers = resize.MaxServers;
        pool.RecurringNet = resize.NewRecurringNet;
        pool.ConcurrencyToken = Guid.NewGuid();
        resize.Status = PoolResizeStatus.Applied;
        resize.AppliedAtUtc = nowUtc;
    }

    private async Task<Result<PoolResizeQuote>> QuoteAsync(GameHostDbContext db, Guid customerId, Guid poolId, Guid planId, CancellationToken cancellationToken)
    {
        var pool = await db.ResourcePools().AsNoTracking().FirstOrDefaultAsync(p => p.Id == poolId && p.CustomerId == customerId, cancellationToken);
        if (pool is null)
        {
            return PoolsErrors.PoolNotFound;
        }

        if (pool.Status != ResourcePoolStatus.Active || pool.CurrentPeriodStartUtc is not { } start || pool.PaidUntilUtc is not { } end)
        {
            return PoolsErrors.PoolNotRunning;
        }

        if (pool.EndsAtUtc is not null)
        {
            return PoolsErrors.PoolEnding;
        }

        if (planId == pool.PoolPlanId)
        {
            return PoolsErrors.SamePlan;
        }

        var plan = await db.PoolPlans().AsNoTracking().Include(p => p.Prices).FirstOrDefaultAsync(p => p.Id == planId && p.IsActive, cancellationToken);
        if (plan is null)
        {
            return PoolsErrors.PlanNotFound;
        }

        var buyer = await OrderBuyer.LoadAsync(db, customerId, cancellationToken);
        if (buyer is null)
        {
            return BillingErrors.NoBillingProfile;
        }

        if (buyer.Currency != pool.RecurringNet.Currency)
        {
            return PoolsErrors.CurrencyMismatch;
        }

        var price = plan.Prices.Where(p => p.Period == pool.Period && p.Amount.Currency == pool.RecurringNet.Currency).Select(p => (Money?)p.Amount).FirstOrDefault();
        if (price is null)
        {
            return PoolsErrors.PlanNotForSale;
        }

        if (await db.PoolResizes().AnyAsync(r => r.PoolId == pool.Id && r.Status == PoolResizeStatus.AwaitingPayment, cancellationToken))
        {
            return PoolsErrors.ResizePending;
        }

        var size = SizeOf(plan);
        if (!Fits(size, await UsedAsync(db, pool.Id, cancellationToken)))
        {
            return PoolsErrors.ResizeBelowUsage;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var difference = Proration.Difference(pool.RecurringNet, price.Value, start, end, now);
        var tax = await taxPolicy.TaxForAsync(buyer.Snapshot, difference, cancellationToken);
        return new PoolResizeQuote(pool.Id, plan.Id, plan.Name, new PoolUsage(pool.MemoryMb, pool.DiskMb, pool.CpuPercent, pool.MaxServers), size,
            pool.RecurringNet, price.Value, tax.Net, tax.Tax, end);
    }

    private static PoolUsage SizeOf(PoolPlan plan) => new(plan.MemoryMb, plan.DiskMb, plan.CpuPercent, plan.MaxServers);

    private static bool Fits(PoolUsage size, PoolUsage used) =>
        used.MemoryMb <= size.MemoryMb && used.DiskMb <= size.DiskMb && used.CpuPercent <= size.CpuPercent && used.Servers <= size.Servers;

    private static async Task<PoolUsage> UsedAsync(GameHostDbContext db, Guid poolId, CancellationToken cancellationToken)
    {
        var servers = await db.PoolServers().AsNoTracking().Where(s => s.PoolId == poolId && s.Status == PoolServerStatus.Active).ToListAsync(cancellationToken);
        return new PoolUsage(servers.Sum(s => s.MemoryMb), servers.Sum(s => s.DiskMb), servers.Sum(s => s.CpuPercent), servers.Count);
    }

    private async Task<Result<PoolResizeOutcome>?> FindAsync(string requestId, Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var resize = await db.PoolResizes().AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == requestId, cancellationToken);
        if (resize is null)
        {
            return null;
        }

        return resize.CustomerId != customerId ? BillingErrors.RequestIdReused : Outcome(resize, replayed: true);
    }

    private static PoolResizeOutcome Outcome(PoolResize resize, bool replayed) => new(
        resize.Id,
        resize.Status,
        resize.ProratedNet.Minor > 0 ? ChangeDirection.Upgrade : resize.ProratedNet.Minor < 0 ? ChangeDirection.Downgrade : ChangeDirection.Even,
        resize.ProratedGross,
        resize.InvoiceId,
        replayed);
}
