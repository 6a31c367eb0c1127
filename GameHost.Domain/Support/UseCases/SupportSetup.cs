using System.Net.Mail;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.UseCases;

public sealed record DepartmentForm(
    string Name,
    string? Description,
    string? Email,
    bool IsActive,
    int BusinessDays,
    int OpensAtMinute,
    int ClosesAtMinute,
    string TimeZoneId,
    PaidSupportMode PaidMode,
    long PriceMinor,
    string PriceCurrency,
    int IncidentsPerPack,
    IReadOnlyList<Guid> MemberIds,
    int? AutoCloseAfterDays = null,
    int? AutoCloseWarningDays = null);

public sealed record SlaPolicyForm(TicketPriority Priority, int FirstResponseMinutes, int ResolutionMinutes, bool NotifyOnBreach, bool RaisePriorityOnBreach, Guid? ReassignToUserId);

/// <summary>A department as the admin console edits it; <see cref="Version"/> goes back with the next save.</summary>
public sealed record DepartmentDetails(Guid Id, int Version, DepartmentForm Form, IReadOnlyList<SlaPolicyForm> Policies, int OpenTickets);

/// <summary>
/// Administrators set up departments (members, hours, address, paid support, auto-close) and their SLA policies. Each
/// change is audited and checked against the version the editor loaded, so two people editing the same department
/// cannot overwrite each other silently.
/// </summary>
public sealed class SupportSetup(IDbContextFactory<GameHostDbContext> dbFactory, AuditLog audit)
{
    public const int MaxAutoCloseDays = 365;

    /// <summary>Targets longer than this many business minutes are refused (a year of round-the-clock minutes).</summary>
    public const int MaxTargetMinutes = 525_600;

    public async Task<IReadOnlyList<DepartmentDetails>> DepartmentsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.SupportDepartments().AsNoTracking().Include(d => d.Members).OrderBy(d => d.SortOrder).ThenBy(d => d.Name).ToListAsync(cancellationToken);
        var policies = await db.SlaPolicies().AsNoTracking().ToListAsync(cancellationToken);
        var open = await db.Tickets().AsNoTracking().Where(t => t.State != TicketState.Closed)
            .GroupBy(t => t.DepartmentId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return departments.Select(d => Details(d, policies, open.GetValueOrDefault(d.Id))).ToList();
    }

    public async Task<DepartmentDetails?> DepartmentAsync(Guid departmentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var department = await db.SupportDepartments().AsNoTracking().Include(d => d.Members).FirstOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
        if (department is null)
        {
            return null;
        }

        var policies = await db.SlaPolicies().AsNoTracking().Where(p => p.DepartmentId == departmentId).ToListAsync(cancellationToken);
        var open = await db.Tickets().AsNoTracking().CountAsync(t => t.DepartmentId == departmentId && t.State != TicketState.Closed, cancellationToken);
        return Details(department, policies, open);
    }

    private static DepartmentDetails Details(SupportDepartment d, IEnumerable<SlaPolicy> policies, int open) => new(
        d.Id,
        d.Version,
        new DepartmentForm(d.Name, d.Description, d.Email, d.IsActive, d.BusinessDays, d.OpensAtMinute, d.ClosesAtMinute, d.TimeZoneId,
            d.PaidMode, d.PriceMinor, d.PriceCurrency, d.IncidentsPerPack, d.Members.Select(m => m.UserId).ToList(), d.AutoCloseAfterDays, d.AutoCloseWarningDays),
        policies.Where(p => p.DepartmentId == d.Id).OrderBy(p => p.Priority)
            .Select(p => new SlaPolicyForm(p.Priority, p.FirstResponseMinutes, p.ResolutionMinutes, p.NotifyOnBreach, p.RaisePriorityOnBreach, p.ReassignToUserId)).ToList(),
        open);

    /// <summary>Every problem with the form's shape, the first one first (its <see cref="Error.Related"/> lists all).</summary>
    public static Error? Check(DepartmentForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var problems = new List<Error>();
        var name = (form.Name ?? "").Trim();
        if (name.Length is 0 or > SupportDepartment.MaxNameLength)
        {
            problems.Add(Error.Validation("Name", SupportErrors.NameRequired, $"Give the department a name of at most {SupportDepartment.MaxNameLength} characters."));
        }

        var email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim();
        if (email is not null && (email.Length > 256 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
        {
            problems.Add(Error.Validation("Email", SupportErrors.EmailInvalid, "Enter an e-mail address such as support@example.com."));
        }

        var hours = new BusinessHours(form.BusinessDays, form.OpensAtMinute, form.ClosesAtMinute, form.TimeZoneId ?? "UTC");
        if (!hours.IsValid || !TimeZoneExists(form.TimeZoneId))
        {
            problems.Add(Error.Validation("Hours", SupportErrors.HoursInvalid, "Choose at least one day, a known time zone and an opening time before the closing time."));
        }

        if (!Enum.IsDefined(form.PaidMode) || form.PriceMinor < 0 || (form.PaidMode != PaidSupportMode.Free && form.PriceMinor == 0)
            || !Currency.IsKnown(form.PriceCurrency?.ToUpperInvariant()) || (form.PaidMode == PaidSupportMode.IncidentPack && form.IncidentsPerPack is <= 0 or > 1000))
        {
            problems.Add(Error.Validation("Price", SupportErrors.PriceInvalid, "A paid department needs a price above zero in a known currency (and packs of 1 to 1000 incidents)."));
        }

        if (form.AutoCloseAfterDays is < 0 or > MaxAutoCloseDays
            || form.AutoCloseWarningDays is < 0 or > MaxAutoCloseDays
            || (form.AutoCloseAfterDays is int after && after > 0 && form.AutoCloseWarningDays is int warning && warning > after))
        {
            problems.Add(Error.Validation("AutoClose", SupportErrors.AutoCloseInvalid, $"Auto-close takes 0 to {MaxAutoCloseDays} days, and the warning comes no earlier than the waiting starts."));
        }

        return problems.Count == 0 ? null : problems[0] with { Related = problems };
    }

    /// <summary>
    /// Creates (null id) or updates a department. <paramref name="expectedVersion"/> is the version the editor loaded;
    /// when someone saved in between, nothing is written and <see cref="SupportErrors.Changed"/> comes back.
    /// </summary>
    public async Task<Result<DepartmentSaved>> SaveDepartmentAsync(Guid staffId, Guid? departmentId, int? expectedVersion, DepartmentForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (Check(form) is { } problem)
        {
            return problem;
        }

        var name = form.Name.Trim();
        var email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, [Accounts.Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only administrators may set up departments.");
        }

        var members = (form.MemberIds ?? []).Distinct().ToList();
        foreach (var member in members)
        {
            if (await StaffActors.FindAsync(db, member, TicketDesk.StaffRoles, cancellationToken) is null)
            {
                return Error.Validation("Members", SupportErrors.AssigneeNotStaff, "Only staff can be department members.");
            }
        }

        var others = await db.SupportDepartments().AsNoTracking().Where(d => d.Id != departmentId).Select(d => new { d.Name, d.Email }).ToListAsync(cancellationToken);
        if (others.Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return Error.Validation("Name", SupportErrors.NameTaken, "Another department has this name.");
        }

        if (email is not null && others.Any(o => string.Equals(o.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            return Error.Validation("Email", SupportErrors.EmailTaken, "Another department reads mail at this address.");
        }

        SupportDepartment? department;
        object? before = null;
        if (departmentId is { } id)
        {
            department = await db.SupportDepartments().Include(d => d.Members).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
            if (department is null)
            {
                return SupportErrors.Of(SupportErrors.NotFound, "The department does not exist.");
            }

            if (expectedVersion is { } expected && expected != department.Version)
            {
                return SupportErrors.Of(SupportErrors.Changed, "Someone else changed this department meanwhile; reload it and make your change again.");
            }

            before = Snapshot(department);
        }
        else
        {
            department = new SupportDepartment { Id = Guid.NewGuid(), SortOrder = await db.SupportDepartments().CountAsync(cancellationToken) };
            db.SupportDepartments().Add(department);
        }

        department.Name = name;
        department.Description = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim();
        department.Email = email;
        department.IsActive = form.IsActive;
        department.BusinessDays = form.BusinessDays;
        department.OpensAtMinute = form.OpensAtMinute;
        department.ClosesAtMinute = form.ClosesAtMinute;
        department.TimeZoneId = form.TimeZoneId!;
        department.PaidMode = form.PaidMode;
        department.PriceMinor = form.PaidMode == PaidSupportMode.Free ? 0 : form.PriceMinor;
        department.PriceCurrency = form.PriceCurrency!.ToUpperInvariant();
        department.IncidentsPerPack = form.PaidMode == PaidSupportMode.IncidentPack ? form.IncidentsPerPack : 0;
        department.AutoCloseAfterDays = form.AutoCloseAfterDays;
        department.AutoCloseWarningDays = form.AutoCloseAfterDays == 0 ? null : form.AutoCloseWarningDays;
        department.Members.RemoveAll(m => !members.Contains(m.UserId));
        foreach (var member in members.Where(m => department.Members.All(x => x.UserId != m)))
        {
            department.Members.Add(new SupportDepartmentMember { DepartmentId = department.Id, UserId = member });
        }

        department.Version++;
        audit.Record(db, actor, departmentId is null ? "support.department_created" : "support.department_changed", "SupportDepartment", department.Id.ToString(),
            before, Snapshot(department));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SupportErrors.Of(SupportErrors.Changed, "Someone else changed this department meanwhile; reload it and make your change again.");
        }

        return new DepartmentSaved(department.Id, department.Version);
    }

    private static object Snapshot(SupportDepartment d) => new
    {
        d.Name, d.Email, d.IsActive, d.BusinessDays, d.OpensAtMinute, d.ClosesAtMinute, d.TimeZoneId, d.PaidMode, d.PriceMinor, d.PriceCurrency,
        d.IncidentsPerPack, d.AutoCloseAfterDays, d.AutoCloseWarningDays, Members = d.Members.Select(m => m.UserId).Order().ToList(),
    };

    /// <summary>Sets the targets for one department and priority; zero minutes for both removes the policy.</summary>
    public async Task<Result> SavePolicyAsync(Guid staffId, Guid departmentId, SlaPolicyForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var saved = await SavePoliciesAsync(staffId, departmentId, null, [form], cancellationToken);
        return saved.IsSuccess ? Result.Success() : saved.Error;
    }

    public static Error? Check(SlaPolicyForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!Enum.IsDefined(form.Priority) || form.FirstResponseMinutes is < 0 or > MaxTargetMinutes || form.ResolutionMinutes is < 0 or > MaxTargetMinutes
            || (form.ResolutionMinutes > 0 && form.FirstResponseMinutes > form.ResolutionMinutes))
        {
            return Error.Validation("Targets", SupportErrors.TargetsInvalid, "Targets are whole minutes, and the first response comes before the resolution.") with
            {
                Details = [form.Priority.ToString()],
            };
        }

        return null;
    }

    /// <summary>
    /// Replaces the department's SLA policies for the priorities given, in one save (all or nothing); a priority with
    /// zero minutes for both targets has no policy. Tickets opened afterwards get the new targets.
    /// </summary>
    /// <returns>The department's new version.</returns>
    public async Task<Result<int>> SavePoliciesAsync(Guid staffId, Guid departmentId, int? expectedVersion, IReadOnlyList<SlaPolicyForm> forms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(forms);
        foreach (var form in forms)
        {
            if (Check(form) is { } problem)
            {
                return problem;
            }
        }

        if (forms.Select(f => f.Priority).Distinct().Count() != forms.Count)
        {
            return Error.Validation("Targets", SupportErrors.TargetsInvalid, "Each priority has one policy.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, [Accounts.Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only administrators may set SLA targets.");
        }

        var department = await db.SupportDepartments().FirstOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
        if (department is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The department does not exist.");
        }

        if (expectedVersion is { } expected && expected != department.Version)
        {
            return SupportErrors.Of(SupportErrors.Changed, "Someone else changed this department meanwhile; reload it and make your change again.");
        }

        foreach (var to in forms.Select(f => f.ReassignToUserId).OfType<Guid>().Distinct())
        {
            if (await StaffActors.FindAsync(db, to, TicketDesk.StaffRoles, cancellationToken) is null)
            {
                return Error.Validation("ReassignTo", SupportErrors.AssigneeNotStaff, "Tickets can only be handed to staff.");
            }
        }

        var existing = await db.SlaPolicies().Where(p => p.DepartmentId == departmentId).ToListAsync(cancellationToken);
        var before = existing.OrderBy(p => p.Priority).Select(p => new SlaPolicyForm(p.Priority, p.FirstResponseMinutes, p.ResolutionMinutes, p.NotifyOnBreach, p.RaisePriorityOnBreach, p.ReassignToUserId)).ToList();
        foreach (var form in forms)
        {
            var policy = existing.FirstOrDefault(p => p.Priority == form.Priority);
            if (form.FirstResponseMinutes == 0 && form.ResolutionMinutes == 0)
            {
                if (policy is not null)
                {
                    db.SlaPolicies().Remove(policy);
                }

                continue;
            }

            if (policy is null)
            {
                policy = new SlaPolicy { Id = Guid.NewGuid(), DepartmentId = departmentId, Priority = form.Priority };
                db.SlaPolicies().Add(policy);
            }

            policy.FirstResponseMinutes = form.FirstResponseMinutes;
            policy.ResolutionMinutes = form.ResolutionMinutes;
            policy.NotifyOnBreach = form.NotifyOnBreach;
            policy.RaisePriorityOnBreach = form.RaisePriorityOnBreach;
            policy.ReassignToUserId = form.ReassignToUserId;
        }

        department.Version++;
        audit.Record(db, actor, "support.sla_policy_changed", "SupportDepartment", departmentId.ToString(), before, forms.OrderBy(f => f.Priority).ToList());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SupportErrors.Of(SupportErrors.Changed, "Someone else changed this department meanwhile; reload it and make your change again.");
        }

        return department.Version;
    }

    private static bool TimeZoneExists(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
    }
}

public sealed record DepartmentSaved(Guid Id, int Version);
