using System.Linq.Expressions;
using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Pools;
using GameHost.Domain.Billing.PromisedPayments;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Billing.Dunning;

public sealed record TariffDunningView(Guid TariffId, string Slug, int SuspendAfterDays, int TerminateAfterDays, bool IsDefault);

public sealed record PoolPlanDunningView(Guid PoolPlanId, LocalizedText Name, int SuspendAfterDays, int TerminateAfterDays, bool IsDefault);

public sealed record DunningHoldView(Guid CustomerId, string Email, string Name, string Reason, DateTime UntilUtc, DateTime SetAtUtc, bool IsActive);

/// <summary>Staff settings of dunning: suspension/termination days per tariff and customers on hold. Admins only; audited.</summary>
public sealed class DunningAdmin(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, IOptions<DunningOptions> options, TimeProvider time)
{
    public const int MaxDays = 365;

    public DunningOptions Defaults => options.Value;

    public async Task<IReadOnlyList<TariffDunningView>> TariffsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tariffs = await db.Tariffs().AsNoTracking().Where(t => !t.IsArchived).OrderBy(t => t.Slug).Select(t => new { t.Id, t.Slug }).ToListAsync(cancellationToken);
        var policies = await db.DunningPolicies().AsNoTracking().ToDictionaryAsync(p => p.TariffId, cancellationToken);
        return tariffs.Select(t => policies.TryGetValue(t.Id, out var p)
            ? new TariffDunningView(t.Id, t.Slug, p.SuspendAfterDays, p.TerminateAfterDays, false)
            : new TariffDunningView(t.Id, t.Slug, Defaults.SuspendAfterDays, Defaults.TerminateAfterDays, true)).ToList();
    }

    /// <summary>The pool plans (a pool's tariff) with their suspension and termination delays.</summary>
    public async Task<IReadOnlyList<PoolPlanDunningView>> PoolPlansAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var plans = await db.PoolPlans().AsNoTracking().OrderBy(p => p.MemoryMb).ThenBy(p => p.CreatedAtUtc).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        var policies = await db.PoolDunningPolicies().AsNoTracking().ToDictionaryAsync(p => p.PoolPlanId, cancellationToken);
        return plans.Select(p => policies.TryGetValue(p.Id, out var policy)
            ? new PoolPlanDunningView(p.Id, p.Name, policy.SuspendAfterDays, policy.TerminateAfterDays, false)
            : new PoolPlanDunningView(p.Id, p.Name, Defaults.SuspendAfterDays, Defaults.TerminateAfterDays, true)).ToList();
    }

    /// <summary>Sets a pool plan's delays, read by pool dunning as a tariff's are by service dunning; null returns it to the defaults.</summary>
    public Task<Result> SetPoolPlanAsync(Guid actorUserId, Guid poolPlanId, int? suspendAfterDays, int? terminateAfterDays, CancellationToken cancellationToken) =>
        SetDelaysAsync(
            actorUserId, suspendAfterDays, terminateAfterDays,
            (db, ct) => db.PoolPlans().AnyAsync(p => p.Id == poolPlanId, ct), new Error("billing.dunning_pool_plan_not_found", "No such pool plan."),
            db => db.PoolDunningPolicies(), p => p.PoolPlanId == poolPlanId, () => new PoolDunningPolicy { PoolPlanId = poolPlanId },
            "billing.pool_dunning_policy_set", "PoolPlan", poolPlanId, cancellationToken);

    public async Task<IReadOnlyList<DunningHoldView>> HoldsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return await (from h in db.DunningHolds().AsNoTracking()
                      join u in db.Users on h.CustomerId equals u.Id
                      orderby h.UntilUtc descending
                      select new DunningHoldView(h.CustomerId, u.Email ?? "", u.FullName, h.Reason, h.UntilUtc, h.SetAtUtc, h.UntilUtc > now))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Sets a tariff's delays; <paramref name="suspendAfterDays"/> null returns the tariff to the defaults.</summary>
    public Task<Result> SetTariffAsync(Guid actorUserId, Guid tariffId, int? suspendAfterDays, int? terminateAfterDays, CancellationToken cancellationToken) =>
        SetDelaysAsync(
            actorUserId, suspendAfterDays, terminateAfterDays,
            (db, ct) => db.Tariffs().AnyAsync(t => t.Id == tariffId, ct), new Error("billing.dunning_tariff_not_found", "No such tariff."),
            db => db.DunningPolicies(), p => p.TariffId == tariffId, () => new DunningPolicy { TariffId = tariffId },
            "billing.dunning_policy_set", "Tariff", tariffId, cancellationToken);

    /// <summary>
    /// Sets or clears one policy's delays (a tariff's or a pool plan's): administrators only, both days or neither,
    /// audited with the values before and after.
    /// </summary>
    private async Task<Result> SetDelaysAsync<TPolicy>(
        Guid actorUserId, int? suspendAfterDays, int? terminateAfterDays,
        Func<GameHostDbContext, CancellationToken, Task<bool>> ownerExists, Error ownerNotFound,
        Func<GameHostDbContext, DbSet<TPolicy>> policies, Expression<Func<TPolicy, bool>> ofOwner, Func<TPolicy> create,
        string auditAction, string ownerType, Guid ownerId, CancellationToken cancellationToken)
        where TPolicy : class, IDunningDelays
    {
        if (suspendAfterDays is < 0 or > MaxDays || terminateAfterDays is < 0 or > MaxDays || (suspendAfterDays is null) != (terminateAfterDays is null))
        {
            return Error.Validation("Days", "billing.dunning_days_invalid", "Suspension and termination take 0 to 365 days each.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, actorUserId, [Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return PromiseErrors.ActorNotAdmin;
        }

        if (!await ownerExists(db, cancellationToken))
        {
            return ownerNotFound;
        }

        var set = policies(db);
        var policy = await set.FirstOrDefaultAsync(ofOwner, cancellationToken);
        var before = policy is null ? null : new { policy.SuspendAfterDays, policy.TerminateAfterDays };
        if (suspendAfterDays is null)
        {
            if (policy is not null)
            {
                set.Remove(policy);
            }
        }
        else
        {
            if (policy is null)
            {
                policy = create();
                set.Add(policy);
            }

            policy.SuspendAfterDays = suspendAfterDays.Value;
            policy.TerminateAfterDays = terminateAfterDays!.Value;
            policy.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
            policy.ConcurrencyToken = Guid.NewGuid();
        }

        audit.Record(db, actor, auditAction, ownerType, ownerId.ToString(), before,
            suspendAfterDays is null ? null : new { SuspendAfterDays = suspendAfterDays, TerminateAfterDays = terminateAfterDays });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>Puts a customer (by e-mail) on hold until a date, with a reason.</summary>
    public async Task<Result> SetHoldAsync(Guid actorUserId, string customerEmail, string reason, DateTime untilUtc, CancellationToken cancellationToken)
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length is 0 or > DunningHold.MaxReasonLength)
        {
            return Error.Validation("Reason", "billing.hold_reason_required", "Give a reason (at most 500 characters).");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (untilUtc <= now)
        {
            return Error.Validation("Until", "billing.hold_until_past", "A hold must end in the future.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, actorUserId, [Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return PromiseErrors.ActorNotAdmin;
        }

        var normalized = (customerEmail ?? "").Trim().ToUpperInvariant();
        var customer = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (customer is null || normalized.Length == 0)
        {
            return PromiseErrors.CustomerNotFound;
        }

        var hold = await db.DunningHolds().FirstOrDefaultAsync(h => h.CustomerId == customer.Id, cancellationToken);
        var before = hold is null ? null : new { hold.Reason, hold.UntilUtc };
        if (hold is null)
        {
            hold = new DunningHold { CustomerId = customer.Id };
            db.DunningHolds().Add(hold);
        }

        hold.Reason = trimmed;
        hold.UntilUtc = untilUtc;
        hold.SetByUserId = actor.UserId;
        hold.SetAtUtc = now;
        hold.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor, "billing.dunning_hold_set", "Customer", customer.Id.ToString(), before, new { hold.Reason, hold.UntilUtc });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    public async Task<Result> RemoveHoldAsync(Guid actorUserId, Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, actorUserId, [Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return PromiseErrors.ActorNotAdmin;
        }

        var hold = await db.DunningHolds().FirstOrDefaultAsync(h => h.CustomerId == customerId, cancellationToken);
        if (hold is null)
        {
            return Result.Success();
        }

        db.DunningHolds().Remove(hold);
        audit.Record(db, actor, "billing.dunning_hold_removed", "Customer", customerId.ToString(), new { hold.Reason, hold.UntilUtc }, null);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
