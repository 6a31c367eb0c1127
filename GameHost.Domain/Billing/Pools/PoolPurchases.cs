using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Products;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Pools;

public sealed record PoolOffer(Guid PlanId, LocalizedText Name, int MemoryMb, int DiskMb, int CpuPercent, int MaxServers, IReadOnlyList<(BillingPeriod Period, Money Price)> Prices);

public sealed record BuyPoolCommand(Guid CustomerId, Guid PlanId, BillingPeriod Period, string RequestId);

public sealed record PoolBought(Guid PoolId, Guid InvoiceId, Money GrossTotal, bool Paid, bool Replayed);

/// <param name="Prices">Minor units by (period, currency code).</param>
public sealed record PoolPlanForm(Guid? Id, string NameEn, string? NameEs, int MemoryMb, int DiskMb, int CpuPercent, int MaxServers, bool IsActive,
    IReadOnlyList<(BillingPeriod Period, string Currency, long Minor)> Prices);

/// <summary>
/// Customers buy a pool: one invoice for its first period (keyed by the purchase form's request id), paid from the
/// balance when it covers it; the settlement starts the pool's first period when the invoice is paid.
/// </summary>
public sealed class PoolPurchases(IDbContextFactory<GameHostDbContext> contexts, ITaxPolicy taxPolicy, InvoiceSettlement settlement, AuditLog audit, TimeProvider time)
{
    public const string InvoiceKeyPrefix = "pool:";

    public const string PlanSavedAuditAction = "billing.pool_plan_saved";

    public static string InvoiceKey(string requestId) => InvoiceKeyPrefix + requestId;

    public async Task<IReadOnlyList<PoolOffer>> OffersAsync(Guid customerId, bool includeInactive, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var buyer = includeInactive ? null : await OrderBuyer.LoadAsync(db, customerId, cancellationToken);
        var plans = await db.PoolPlans().AsNoTracking().Include(p => p.Prices).Where(p => includeInactive || p.IsActive).ToListAsync(cancellationToken);
        return plans
            .OrderBy(p => p.MemoryMb)
            .Select(p => new PoolOffer(p.Id, p.Name, p.MemoryMb, p.DiskMb, p.CpuPercent, p.MaxServers,
                p.Prices.Where(x => buyer is null || x.Amount.Currency == buyer.Currency).OrderBy(x => x.Period).ThenBy(x => x.Amount.Currency.Code, StringComparer.Ordinal)
                    .Select(x => (x.Period, x.Amount)).ToList()))
            .Where(o => includeInactive || o.Prices.Count > 0)
            .ToList();
    }

    public async Task<Result<PoolBought>> BuyAsync(BuyPoolCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var requestId = command.RequestId?.Trim() ?? "";
        if (requestId.Length is 0 or > ResourcePool.MaxRequestIdLength)
        {
            return BillingErrors.InvalidRequestId;
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var existing = await db.ResourcePools().AsNoTracking().FirstOrDefaultAsync(p => p.RequestId == requestId, cancellationToken);
            if (existing is not null)
            {
                if (existing.CustomerId != command.CustomerId)
                {
                    return BillingErrors.RequestIdReused;
                }

                var invoice = await db.Invoices().AsNoTracking().SingleAsync(i => i.Id == existing.InvoiceId, cancellationToken);
                return new PoolBought(existing.Id, invoice.Id, invoice.GrossTotal, invoice.Status == InvoiceStatus.Paid, Replayed: true);
            }

            var buyer = await OrderBuyer.LoadAsync(db, command.CustomerId, cancellationToken);
            if (buyer is null)
            {
                return BillingErrors.NoBillingProfile;
            }

            var plan = await db.PoolPlans().AsNoTracking().Include(p => p.Prices).FirstOrDefaultAsync(p => p.Id == command.PlanId && p.IsActive, cancellationToken);
            if (plan is null)
            {
                return PoolsErrors.PlanNotFound;
            }

            var price = plan.Prices.Where(p => p.Period == command.Period && p.Amount.Currency == buyer.Currency).Select(p => (Money?)p.Amount).FirstOrDefault();
            if (price is null || command.Period.Months() is null)
            {
                return PoolsErrors.PlanNotForSale;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var pool = new ResourcePool
            {
                Id = Guid.NewGuid(),
                CustomerId = command.CustomerId,
                PoolPlanId = plan.Id,
                Name = plan.Name,
                MemoryMb = plan.MemoryMb,
                DiskMb = plan.DiskMb,
                CpuPercent = plan.CpuPercent,
                MaxServers = plan.MaxServers,
                Period = command.Period,
                RecurringNet = price.Value,
                Status = ResourcePoolStatus.PendingPayment,
                RequestId = requestId,
                CreatedAtUtc = now,
                ConcurrencyToken = Guid.NewGuid(),
            };
            var months = command.Period.Months()!.Value;
            var bill = await PurchaseInvoice.IssueAsync(db, taxPolicy, buyer, command.CustomerId, InvoiceKey(requestId), InvoiceLineKind.Pool, "pool",
                new LocalizedText(
                    $"Resource pool {plan.Name.En}, {months} {(months == 1 ? "month" : "months")}",
                    $"Pool de recursos {plan.Name.For("es")}, {months} {(months == 1 ? "mes" : "meses")}"),
                price.Value, now, cancellationToken);
            pool.InvoiceId = bill.Id;
            db.ResourcePools().Add(pool);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                continue;
            }

            var paid = await PurchaseInvoice.PayFromBalanceAsync(contexts, settlement, command.CustomerId, bill.Id, cancellationToken);
            return new PoolBought(pool.Id, bill.Id, bill.GrossTotal, paid, Replayed: false);
        }

        return PoolsErrors.Busy;
    }

    /// <summary>Called by the settlement when a pool's first invoice is paid: its first period starts now.</summary>
    internal static async Task OnPaidAsync(GameHostDbContext db, Invoice invoice, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var pool = db.ResourcePools().Local.FirstOrDefault(p => p.InvoiceId == invoice.Id)
            ?? await db.ResourcePools().FirstOrDefaultAsync(p => p.InvoiceId == invoice.Id, cancellationToken);
        if (pool is { Status: ResourcePoolStatus.PendingPayment })
        {
            pool.Status = ResourcePoolStatus.Active;
            pool.CurrentPeriodStartUtc = nowUtc;
            pool.PaidUntilUtc = pool.Period.EndOf(nowUtc);
            pool.ConcurrencyToken = Guid.NewGuid();
        }
    }

    /// <summary>Staff create or edit a pool plan (administrators only, audited). Pools already sold keep their sizes and price.</summary>
    public async Task<Result<Guid>> SavePlanAsync(Guid actorUserId, PoolPlanForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var nameEn = form.NameEn?.Trim() ?? "";
        if (nameEn.Length is 0 or > 200 || form.MemoryMb <= 0 || form.DiskMb <= 0 || form.CpuPercent <= 0 || form.MaxServers is < 1 or > 100
            || form.Prices is null || form.Prices.Count == 0)
        {
            return PoolsErrors.PlanInvalid;
        }

        var prices = new List<PoolPlanPrice>();
        foreach (var (period, code, minor) in form.Prices)
        {
            if (!Currency.TryFromCode(code?.Trim().ToUpperInvariant(), out var currency) || minor < 0 || period.Months() is null)
            {
                return PoolsErrors.PlanInvalid;
            }

            prices.Add(new PoolPlanPrice { Period = period, Amount = new Money(minor, currency) });
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, actorUserId, [Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return PoolsErrors.NotAdmin;
        }

        PoolPlan? plan;
        object? before = null;
        if (form.Id is { } id)
        {
            plan = await db.PoolPlans().Include(p => p.Prices).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (plan is null)
            {
                return PoolsErrors.PlanNotFound;
            }

            before = Snapshot(plan);
            db.RemoveRange(plan.Prices);
            plan.Prices.Clear();
        }
        else
        {
            plan = new PoolPlan { Id = Guid.NewGuid(), CreatedAtUtc = time.GetUtcNow().UtcDateTime };
            db.PoolPlans().Add(plan);
        }

        plan.Name = new LocalizedText(nameEn, form.NameEs?.Trim() ?? "");
        plan.MemoryMb = form.MemoryMb;
        plan.DiskMb = form.DiskMb;
        plan.CpuPercent = form.CpuPercent;
        plan.MaxServers = form.MaxServers;
        plan.IsActive = form.IsActive;
        plan.ConcurrencyToken = Guid.NewGuid();
        foreach (var price in prices)
        {
            price.PoolPlanId = plan.Id;
            plan.Prices.Add(price);
        }

        audit.Record(db, actor, PlanSavedAuditAction, "PoolPlan", plan.Id.ToString("D"), before, Snapshot(plan));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return plan.Id;
        }
        catch (DbUpdateConcurrencyException)
        {
            return PoolsErrors.Busy;
        }
    }

    private static object Snapshot(PoolPlan plan) => new
    {
        NameEn = plan.Name.En, plan.MemoryMb, plan.DiskMb, plan.CpuPercent, plan.MaxServers, plan.IsActive,
        Prices = string.Join(", ", plan.Prices.Select(p => $"{p.Period} {p.Amount}")),
    };
}
