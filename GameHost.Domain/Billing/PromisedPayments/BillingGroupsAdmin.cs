using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.PromisedPayments;

public sealed record BillingGroupForm(
    Guid? Id, string Name, bool PromisesAllowed, int PromiseDays, int MaxPromisesPerWindow, int WindowDays, long MaxAmountMinor, int GoodStandingMaxOverdueDays);

public sealed record BillingGroupView(
    Guid Id, string Name, bool IsDefault, bool PromisesAllowed, int PromiseDays, int MaxPromisesPerWindow, int WindowDays, long MaxAmountMinor,
    int GoodStandingMaxOverdueDays, int Members);

public sealed record GroupMemberView(Guid CustomerId, string Email, string Name, Guid GroupId, string GroupName);

/// <summary>Staff manage billing groups (the promised-payment rules) and which customers are in which group. Admins only; audited.</summary>
public sealed class BillingGroupsAdmin(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<BillingGroupView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BillingGroups().AsNoTracking().OrderByDescending(g => g.IsDefault).ThenBy(g => g.Name)
            .Select(g => new BillingGroupView(g.Id, g.Name, g.IsDefault, g.PromisesAllowed, g.PromiseDays, g.MaxPromisesPerWindow, g.WindowDays,
                g.MaxAmountMinor, g.GoodStandingMaxOverdueDays, db.BillingGroupMembers().Count(m => m.GroupId == g.Id)))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<GroupMemberView>> MembersAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (from m in db.BillingGroupMembers().AsNoTracking()
                      join u in db.Users on m.CustomerId equals u.Id
                      join g in db.BillingGroups() on m.GroupId equals g.Id
                      orderby u.Email
                      select new GroupMemberView(m.CustomerId, u.Email ?? "", u.FullName, g.Id, g.Name)).ToListAsync(cancellationToken);
    }

    public async Task<Result<Guid>> SaveAsync(Guid actorUserId, BillingGroupForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var name = form.Name?.Trim() ?? "";
        if (name.Length is 0 or > BillingGroup.MaxNameLength)
        {
            return Error.Validation("Name", "billing.group_name_invalid", "Give the group a name of at most 100 characters.");
        }

        if (form.PromiseDays is < 0 or > 60 || form.MaxPromisesPerWindow is < 0 or > 100 || form.WindowDays is < 1 or > 3660
            || form.MaxAmountMinor < 0 || form.GoodStandingMaxOverdueDays is < 0 or > 365)
        {
            return Error.Validation("Rules", "billing.group_rules_invalid",
                "Days of a promise 0–60, promises per window 0–100, window 1–3660 days, amount 0 or more, overdue days 0–365.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, actorUserId, [Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return PromiseErrors.ActorNotAdmin;
        }

        if (await db.BillingGroups().AnyAsync(g => g.Name == name && g.Id != form.Id, cancellationToken))
        {
            return PromiseErrors.GroupNameTaken;
        }

        BillingGroup? group;
        object? before = null;
        if (form.Id is { } id)
        {
            group = await db.BillingGroups().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
            if (group is null)
            {
                return PromiseErrors.GroupNotFound;
            }

            before = Snapshot(group);
        }
        else
        {
            group = new BillingGroup { Id = Guid.NewGuid() };
            db.BillingGroups().Add(group);
        }

        group.Name = name;
        group.PromisesAllowed = form.PromisesAllowed;
        group.PromiseDays = form.PromiseDays;
        group.MaxPromisesPerWindow = form.MaxPromisesPerWindow;
        group.WindowDays = form.WindowDays;
        group.MaxAmountMinor = form.MaxAmountMinor;
        group.GoodStandingMaxOverdueDays = form.GoodStandingMaxOverdueDays;
        group.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        group.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor, "billing.group_saved", "BillingGroup", group.Id.ToString(), before, Snapshot(group));
        await db.SaveChangesAsync(cancellationToken);
        return group.Id;
    }

    /// <summary>Puts the customer with this e-mail in a group (the default group removes the assignment).</summary>
    public async Task<Result> AssignAsync(Guid actorUserId, string customerEmail, Guid groupId, CancellationToken cancellationToken)
    {
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

        var group = await db.BillingGroups().AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId, cancellationToken);
        if (group is null)
        {
            return PromiseErrors.GroupNotFound;
        }

        var member = await db.BillingGroupMembers().FirstOrDefaultAsync(m => m.CustomerId == customer.Id, cancellationToken);
        var before = member?.GroupId;
        if (group.IsDefault)
        {
            if (member is not null)
            {
                db.BillingGroupMembers().Remove(member);
            }
        }
        else if (member is null)
        {
            db.BillingGroupMembers().Add(new BillingGroupMember { CustomerId = customer.Id, GroupId = group.Id, AssignedAtUtc = time.GetUtcNow().UtcDateTime });
        }
        else
        {
            member.GroupId = group.Id;
            member.AssignedAtUtc = time.GetUtcNow().UtcDateTime;
        }

        audit.Record(db, actor, "billing.group_assigned", "Customer", customer.Id.ToString(), new { Group = before }, new { Group = group.Id, group.Name });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    private static object Snapshot(BillingGroup g) => new
    {
        g.Name, g.PromisesAllowed, g.PromiseDays, g.MaxPromisesPerWindow, g.WindowDays, g.MaxAmountMinor, g.GoodStandingMaxOverdueDays,
    };
}
