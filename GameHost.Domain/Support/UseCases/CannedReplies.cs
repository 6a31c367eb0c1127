using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Templates;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.UseCases;

/// <param name="ExpectedVersion">The version the editor loaded (editing); null for a new reply.</param>
public sealed record CannedReplyForm(string Title, string Body, CannedReplyScope Scope, Guid? DepartmentId, int? ExpectedVersion = null);

public sealed record CannedReplyRow(Guid Id, string Title, string Body, CannedReplyScope Scope, Guid? DepartmentId, Guid? OwnerId);

/// <summary>A canned reply as the management page lists it.</summary>
public sealed record CannedReplyItem(
    Guid Id, string Title, string Body, CannedReplyScope Scope, Guid? DepartmentId, string? DepartmentName, Guid? OwnerId, DateTime CreatedAtUtc, DateTime? UpdatedAtUtc, int Version);

/// <summary>
/// Canned replies: global, per department or personal, searchable, and filled in for a ticket with the notifications'
/// logic-less renderer (<c>{{customer_name}}</c>, <c>{{service}}</c>, <c>{{staff_name}}</c>; nothing else runs).
/// </summary>
public sealed class CannedReplies(IDbContextFactory<GameHostDbContext> dbFactory, TimeProvider time, AuditLog audit)
{
    public static readonly IReadOnlyList<string> Placeholders = ["customer_name", "service", "staff_name"];

    /// <summary>
    /// The replies a staff member may manage: every global and department reply and their own personal ones, narrowed
    /// by scope and a search over title and text.
    /// </summary>
    public async Task<IReadOnlyList<CannedReplyItem>> ManageListAsync(Guid staffId, CannedReplyScope? scope, string? search, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.CannedReplies().AsNoTracking().Where(c => c.Scope != CannedReplyScope.Personal || c.OwnerId == staffId);
        if (scope is { } only)
        {
            query = query.Where(c => c.Scope == only);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePattern(search);
            query = query.Where(c => EF.Functions.Like(c.Title, pattern, "\\") || EF.Functions.Like(c.Body, pattern, "\\"));
        }

        return await query.OrderBy(c => c.Scope).ThenBy(c => c.Title).Take(500)
            .Select(c => new CannedReplyItem(
                c.Id, c.Title, c.Body, c.Scope, c.DepartmentId,
                db.SupportDepartments().Where(d => d.Id == c.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                c.OwnerId, c.CreatedAtUtc, c.UpdatedAtUtc, c.Version))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The text with the placeholders filled from <paramref name="sample"/>, as the editor previews it; an unknown
    /// placeholder is refused the way saving refuses it.
    /// </summary>
    public static Result<string> Preview(string? body, IReadOnlyDictionary<string, string?> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var text = body ?? "";
        if (PlaceholderProblem(text) is { } problem)
        {
            return problem;
        }

        return TemplateRenderer.RenderText(text, sample);
    }

    private static Error? PlaceholderProblem(string body)
    {
        var problems = TemplateRenderer.Validate(body, Placeholders.ToList(), required: false);
        return problems.Count == 0
            ? null
            : Error.Validation("Body", SupportErrors.PlaceholderUnknown, "Only {{customer_name}}, {{service}} and {{staff_name}} may be used as placeholders.");
    }

    private static string LikePattern(string search) =>
        "%" + search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

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
            var pattern = LikePattern(search);
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

        var customer = await db.Users.AsNoTracking().Where(u => u.Id == ticket.CustomerId).Select(u => new { u.FullName, u.Email }).FirstOrDefaultAsync(cancellationToken)
            ?? new { FullName = ticket.GuestName ?? "", Email = ticket.GuestEmail };
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
            return Error.Validation("Title", SupportErrors.TitleRequired, $"Give the reply a title of at most {CannedReply.MaxTitleLength} characters.");
        }

        if (body.Length is 0 or > CannedReply.MaxBodyLength)
        {
            return Error.Validation("Body", body.Length == 0 ? SupportErrors.BodyRequired : SupportErrors.BodyTooLong, "Write the reply's text.");
        }

        if (PlaceholderProblem(body) is { } placeholderProblem)
        {
            return placeholderProblem;
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

            if (form.ExpectedVersion is { } expected && expected != reply.Version)
            {
                return SupportErrors.Of(SupportErrors.Changed, "Someone else changed this reply meanwhile; reload it and make your change again.");
            }

            reply.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
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
        // A personal reply stays its owner's when someone else's edit is refused above; a reply made personal becomes the editor's.
        reply.OwnerId = form.Scope == CannedReplyScope.Personal ? reply.OwnerId ?? staffId : null;
        reply.Version++;
        audit.Record(db, actor, id is null ? "support.canned_reply_created" : "support.canned_reply_saved", "CannedReply", reply.Id.ToString(), null,
            new { reply.Title, reply.Scope, reply.DepartmentId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SupportErrors.Of(SupportErrors.Changed, "Someone else changed this reply meanwhile; reload it and make your change again.");
        }

        return reply.Id;
    }

    public Task<Result> DeleteAsync(Guid staffId, Guid id, CancellationToken cancellationToken) => DeleteAsync(staffId, id, null, cancellationToken);

    /// <summary>Deletes the reply; deleting one already gone changes nothing. A stale <paramref name="expectedVersion"/> is refused.</summary>
    public async Task<Result> DeleteAsync(Guid staffId, Guid id, int? expectedVersion, CancellationToken cancellationToken)
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
            if (expectedVersion is { } expected && expected != reply.Version)
            {
                return SupportErrors.Of(SupportErrors.Changed, "Someone else changed this reply meanwhile; reload it and make your change again.");
            }

            db.CannedReplies().Remove(reply);
            audit.Record(db, actor, "support.canned_reply_deleted", "CannedReply", id.ToString(), new { reply.Title, reply.Scope }, null);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone deleted or changed it at the same moment; a repeat decides.
                return SupportErrors.Of(SupportErrors.Changed, "Someone else changed this reply meanwhile; reload it and make your change again.");
            }
        }

        return Result.Success();
    }
}
