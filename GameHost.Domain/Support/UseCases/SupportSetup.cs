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
    IReadOnlyList<Guid> MemberIds);

public sealed record SlaPolicyForm(TicketPriority Priority, int FirstResponseMinutes, int ResolutionMinutes, bool NotifyOnBreach, bool RaisePriorityOnBreach, Guid? ReassignToUserId);

public sealed record DepartmentDetails(Guid Id, DepartmentForm Form, IReadOnlyList<SlaPolicyForm> Policies);

/// <summary>Staff set up departments (members, hours, address, price) and their SLA policies; each change audited.</summary>
public sealed class SupportSetup(IDbContextFactory<GameHostDbContext> dbFactory, AuditLog audit)
{
    public async Task<IReadOnlyList<DepartmentDetails>> DepartmentsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.SupportDepartments().AsNoTracking().Include(d => d.Members).OrderBy(d => d.SortOrder).ThenBy(d => d.Name).ToListAsync(cancellationToken);
        var policies = await db.SlaPolicies().AsNoTracking().ToListAsync(cancellationToken);
        return departments.Select(d => new DepartmentDetails(
            d.Id,
            new DepartmentForm(d.Name, d.Description, d.Email, d.IsActive, d.BusinessDays, d.OpensAtMinute, d.ClosesAtMinute, d.TimeZoneId,
                d.PaidMode, d.PriceMinor, d.PriceCurrency, d.IncidentsPerPack, d.Members.Select(m => m.UserId).ToList()),
            policies.Where(p => p.DepartmentId == d.Id).OrderBy(p => p.Priority)
                .Select(p => new SlaPolicyForm(p.Priority, p.FirstResponseMinutes, p.ResolutionMinutes, p.NotifyOnBreach, p.RaisePriorityOnBreach, p.ReassignToUserId)).ToList())).ToList();
    }

    /// <summary>Creates (null id) or updates a department.</summary>
    public async Task<Result<Guid>> SaveDepartmentAsync(Guid staffId, Guid? departmentId, DepartmentForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var name = (form.Name ?? "").Trim();
        if (name.Length is 0 or > SupportDepartment.MaxNameLength)
        {
            return Error.Validation("Name", SupportErrors.NameRequired, $"Give the department a name of at most {SupportDepartment.MaxNameLength} characters.");
        }

        var email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim();
        if (email is not null && (email.Length > 256 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
        {
            return Error.Validation("Email", SupportErrors.EmailInvalid, "Enter an e-mail address such as support@example.com.");
        }

        var hours = new BusinessHours(form.BusinessDays, form.OpensAtMinute, form.ClosesAtMinute, form.TimeZoneId ?? "UTC");
        if (!hours.IsValid || !TimeZoneExists(form.TimeZoneId))
        {
            return Error.Validation("Hours", SupportErrors.HoursInvalid, "Choose at least one day, a known time zone and an opening time before the closing time.");
        }

        if (!Enum.IsDefined(form.PaidMode) || form.PriceMinor < 0 || (form.PaidMode != PaidSupportMode.Free && form.PriceMinor == 0)
            || !Currency.IsKnown(form.PriceCurrency?.ToUpperInvariant()) || (form.PaidMode == PaidSupportMode.IncidentPack && form.IncidentsPerPack <= 0))
        {
            return Error.Validation("Price", SupportErrors.PriceInvalid, "A paid department needs a price above zero in a known currency (and packs at least one incident).");
        }

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

        SupportDepartment? department;
        object? before = null;
        if (departmentId is { } id)
        {
            department = await db.SupportDepartments().Include(d => d.Members).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
            if (department is null)
            {
                return SupportErrors.Of(SupportErrors.NotFound, "The department does not exist.");
            }

            before = new { department.Name, department.Email, department.IsActive, department.PaidMode, department.PriceMinor };
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
        department.PriceMinor = form.PriceMinor;
        department.PriceCurrency = form.PriceCurrency!.ToUpperInvariant();
        department.IncidentsPerPack = form.IncidentsPerPack;
        department.Members.RemoveAll(m => !members.Contains(m.UserId));
        foreach (var member in members.Where(m => department.Members.All(x => x.UserId != m)))
        {
            department.Members.Add(new SupportDepartmentMember { DepartmentId = department.Id, UserId = member });
        }

        audit.Record(db, actor, departmentId is null ? "support.department_created" : "support.department_changed", "SupportDepartment", department.Id.ToString(),
            before, new { department.Name, department.Email, department.IsActive, department.PaidMode, department.PriceMinor });
        await db.SaveChangesAsync(cancellationToken);
        return department.Id;
    }

    /// <summary>Sets the targets for one department and priority; zero minutes for both removes the policy.</summary>
    public async Task<Result> SavePolicyAsync(Guid staffId, Guid departmentId, SlaPolicyForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!Enum.IsDefined(form.Priority) || form.FirstResponseMinutes < 0 || form.ResolutionMinutes < 0
            || (form.ResolutionMinutes > 0 && form.FirstResponseMinutes > form.ResolutionMinutes))
        {
            return Error.Validation("Targets", SupportErrors.TargetsInvalid, "Targets are whole minutes, and the first response comes before the resolution.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, [Accounts.Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only administrators may set SLA targets.");
        }

        if (!await db.SupportDepartments().AnyAsync(d => d.Id == departmentId, cancellationToken))
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The department does not exist.");
        }

        if (form.ReassignToUserId is { } to && await StaffActors.FindAsync(db, to, TicketDesk.StaffRoles, cancellationToken) is null)
        {
            return Error.Validation("ReassignTo", SupportErrors.AssigneeNotStaff, "Tickets can only be handed to staff.");
        }

        var policy = await db.SlaPolicies().FirstOrDefaultAsync(p => p.DepartmentId == departmentId && p.Priority == form.Priority, cancellationToken);
        if (form.FirstResponseMinutes == 0 && form.ResolutionMinutes == 0)
        {
            if (policy is not null)
            {
                db.SlaPolicies().Remove(policy);
            }
        }
        else
        {
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

        audit.Record(db, actor, "support.sla_policy_changed", "SupportDepartment", departmentId.ToString(), null, form);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
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
