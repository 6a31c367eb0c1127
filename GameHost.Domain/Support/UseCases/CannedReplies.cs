using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Templates;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.UseCases;

public sealed record CannedReplyForm(string Title, string Body, CannedReplyScope Scope, Guid? DepartmentId);

public sealed record CannedReplyRow(Guid Id, string Title, string Body, CannedReplyScope Scope, Guid? DepartmentId, Guid? OwnerId);

/// <summary>
/// Canned replies: global, per department or personal, searchable, and filled in for a ticket with the notifications'
/// logic-less renderer (<c>{{customer_name}}</c>, <c>{{service}}</c>, <c>{{staff_name}}</c>; nothing else runs).
/// </summary>
public sealed class CannedReplies(IDbContextFactory<GameHostDbContext> dbFactory, TimeProvider time, AuditLog audit)
{
    public static readonly IReadOnlyList<string> Placeholders = ["customer_name", "service", "staff_name"];

    /// <summary>The replies a staff member may use, optionally for one department only, matching the search.</summary>
    public async Task<IReadOnlyList<CannedReplyRow>> SearchAsync(Guid staffId, Guid? departmentId, string? search, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.CannedReplies().AsNoTracking().Where(c =>
            c.Scope == CannedReplyScope.Global
            || (c.Scope == CannedReplyScope.Personal && c.OwnerId == staffId)
            || (c.Scope == CannedReplyScope.Department && (departmentId == null
                ? db.SupportDepartmentMembers().Any(m => m.DepartmentId == c.DepartmentId && m.UserId == staffId)
                : c.DepartmentId == departmentId)));
        if (!string.IsNullOrWhiteSpace(search))
        {
            // SQLite's LIKE ignores case for ASCII letters; wildcards the user typed are matched literally.
            var pattern = "%" + search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(c => EF.Functions.Like(c.Title, pattern, "\\") || EF.Functions.Like(c.Body, pattern, "\\"));
        }

        return await query.OrderBy(c => c.Scope).ThenBy(c => c.Title).Take(100)
            .Select(c => new CannedReplyRow(c.Id, c.Title, c.Body, c.Scope, c.DepartmentId, c.OwnerId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The reply's text filled in for the ticket, ready to insert into the answer box.</summary>
    public async Task<Result<string>> RenderForTicketAsync(Guid staffId, Guid cannedReplyId, Guid ticketId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var reply = await db.CannedReplies().AsNoTracking().FirstOrDefaultAsync(c => c.Id == cannedReplyId, cancellationToken);
        var ticket = await db.Tickets().AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (reply is null || ticket is null || (reply.Scope == CannedReplyScope.Personal && reply.OwnerId != staffId))
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The canned reply does not exist.");
        }

        var customer = await db.Users.AsNoTracking().Where(u => u.Id == ticket.CustomerId).Select(u => new { u.FullName, u.Email }).FirstAsync(cancellationToken);
        var staff = await db.Users.AsNoTracking().Where(u => u.Id == staffId).Select(u => new { u.FullName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["customer_name"] = TicketDesk.DisplayName(customer.FullName, customer.Email),
            ["service"] = ticket.ServiceLabel ?? "",
            ["staff_name"] = staff is null ? "" : TicketDesk.DisplayName(staff.FullName, staff.Email),
        };
        return TemplateRenderer.RenderText(reply.Body, values);
    }

    public async Task<Result<Guid>> SaveAsync(Guid staffId, Guid? id, CannedReplyForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var title = (form.Title ?? "").Trim();
        var body = (form.Body ?? "").Trim();
        if (title.Length is 0 or > CannedReply.MaxTitleLength)
        {
            return Error.Validation("Title", SupportErrors.NameRequired, $"Give the reply a title of at most {CannedReply.MaxTitleLength} characters.");
        }

        if (body.Length is 0 or > CannedReply.MaxBodyLength)
        {
            return Error.Validation("Body", body.Length == 0 ? SupportErrors.BodyRequired : SupportErrors.BodyTooLong, "Write the reply's text.");
        }

        if (TemplateRenderer.Validate(body, Placeholders.ToList()).Count > 0)
        {
            return Error.Validation("Body", SupportErrors.ScopeInvalid, "Only {{customer_name}}, {{service}} and {{staff_name}} may be used as placeholders.");
        }

        if (!Enum.IsDefined(form.Scope) || (form.Scope == CannedReplyScope.Department) != (form.DepartmentId is not null))
        {
            return Error.Validation("Scope", SupportErrors.ScopeInvalid, "A department reply needs its department; other replies none.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, TicketDesk.StaffRoles, cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only staff may keep canned replies.");
        }

        if (form.DepartmentId is { } departmentId && !await db.SupportDepartments().AnyAsync(d => d.Id == departmentId, cancellationToken))
        {
            return Error.Validation("DepartmentId", SupportErrors.DepartmentUnknown, "Choose a department.");
        }

        CannedReply? reply;
        if (id is { } existing)
        {
            reply = await db.CannedReplies().FirstOrDefaultAsync(c => c.Id == existing, cancellationToken);
            if (reply is null || (reply.Scope == CannedReplyScope.Personal && reply.OwnerId != staffId))
            {
                return SupportErrors.Of(SupportErrors.NotFound, "The canned reply does not exist.");
            }
        }
        else
        {
            reply = new CannedReply { Id = Guid.NewGuid(), CreatedAtUtc = time.GetUtcNow().UtcDateTime };
            db.CannedReplies().Add(reply);
        }

        reply.Title = title;
        reply.Body = body;
        reply.Scope = form.Scope;
        reply.DepartmentId = form.DepartmentId;
        reply.OwnerId = form.Scope == CannedReplyScope.Personal ? staffId : null;
        audit.Record(db, actor, "support.canned_reply_saved", "CannedReply", reply.Id.ToString(), null, new { reply.Title, reply.Scope });
        await db.SaveChangesAsync(cancellationToken);
        return reply.Id;
    }

    public async Task<Result> DeleteAsync(Guid staffId, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, TicketDesk.StaffRoles, cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only staff may keep canned replies.");
        }

        var reply = await db.CannedReplies().FirstOrDefaultAsync(c => c.Id == id && (c.Scope != CannedReplyScope.Personal || c.OwnerId == staffId), cancellationToken);
        if (reply is not null)
        {
            db.CannedReplies().Remove(reply);
            audit.Record(db, actor, "support.canned_reply_deleted", "CannedReply", id.ToString(), new { reply.Title }, null);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Result.Success();
    }
}
