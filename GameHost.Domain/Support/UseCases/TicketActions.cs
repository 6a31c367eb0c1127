using System.Text.RegularExpressions;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Sla;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.UseCases;

/// <summary>What a bulk action does to each chosen ticket.</summary>
public sealed record BulkTicketAction(
    Guid? AssignTo = null,
    bool Unassign = false,
    TicketState? State = null,
    TicketPriority? Priority = null,
    string? AddTag = null);

/// <summary>
/// Everything done to a ticket besides writing in it. Staff: assign, change state, priority or department, tag,
/// merge, bulk; each with an audit entry. Customer: close, reopen, rate a staff reply. Doing the same thing twice
/// changes nothing the second time.
/// </summary>
public sealed partial class TicketActions(IDbContextFactory<GameHostDbContext> dbFactory, TimeProvider time, AuditLog audit, TicketSignals signals, ISupportServices services)
{
    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}_\-\.]*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TagShape();

    public Task<Result> AssignAsync(Guid staffId, Guid ticketId, Guid? assigneeId, CancellationToken cancellationToken) =>
        StaffChangeAsync(staffId, [ticketId], new BulkTicketAction(AssignTo: assigneeId, Unassign: assigneeId is null), cancellationToken);

    public Task<Result> ChangeStateAsync(Guid staffId, Guid ticketId, TicketState state, CancellationToken cancellationToken) =>
        StaffChangeAsync(staffId, [ticketId], new BulkTicketAction(State: state), cancellationToken);

    public Task<Result> ChangePriorityAsync(Guid staffId, Guid ticketId, TicketPriority priority, CancellationToken cancellationToken) =>
        StaffChangeAsync(staffId, [ticketId], new BulkTicketAction(Priority: priority), cancellationToken);

    public Task<Result> AddTagAsync(Guid staffId, Guid ticketId, string tag, CancellationToken cancellationToken) =>
        StaffChangeAsync(staffId, [ticketId], new BulkTicketAction(AddTag: tag), cancellationToken);

    /// <summary>Applies one action to many tickets in one save; all or nothing.</summary>
    public Task<Result> BulkAsync(Guid staffId, IReadOnlyCollection<Guid> ticketIds, BulkTicketAction action, CancellationToken cancellationToken) =>
        StaffChangeAsync(staffId, ticketIds, action, cancellationToken);

    public async Task<Result> RemoveTagAsync(Guid staffId, Guid ticketId, string tag, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, TicketDesk.StaffRoles, cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only staff may change tickets.");
        }

        var normalized = (tag ?? "").Trim().ToLowerInvariant();
        var existing = await db.TicketTags().FirstOrDefaultAsync(t => t.TicketId == ticketId && t.Tag == normalized, cancellationToken);
        if (existing is not null)
        {
            db.TicketTags().Remove(existing);
            audit.Record(db, actor, "support.ticket_untagged", "Ticket", ticketId.ToString(), new { Tag = normalized }, null);
            await db.SaveChangesAsync(cancellationToken);
            signals.Publish(ticketId);
        }

        return Result.Success();
    }

    public async Task<Result> MoveToDepartmentAsync(Guid staffId, Guid ticketId, Guid departmentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, TicketDesk.StaffRoles, cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only staff may change tickets.");
        }

        var ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (ticket is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        var department = await db.SupportDepartments().AsNoTracking().FirstOrDefaultAsync(d => d.Id == departmentId && d.IsActive, cancellationToken);
        if (department is null)
        {
            return SupportErrors.Of(SupportErrors.DepartmentUnknown, "Choose a department.", "DepartmentId");
        }

        if (ticket.DepartmentId == departmentId)
        {
            return Result.Success();
        }

        var before = ticket.DepartmentId;
        ticket.DepartmentId = departmentId;
        await SlaTargets.ApplyAsync(db, ticket, department, time.GetUtcNow().UtcDateTime, cancellationToken);
        ticket.Version++;
        audit.Record(db, actor, "support.ticket_moved", "Ticket", ticket.Reference, new { DepartmentId = before }, new { DepartmentId = departmentId });
        await db.SaveChangesAsync(cancellationToken);
        signals.Publish(ticket.Id);
        return Result.Success();
    }

    /// <summary>
    /// Staff link the ticket to one of its customer's own services, or clear the link (null) — a ticket opened by
    /// e-mail never had the chance to name one. Checked against the version the staff member saw, so a link set from a
    /// stale page does not overwrite someone else's; setting the same link again changes nothing.
    /// </summary>
    public async Task<Result> LinkServiceAsync(Guid staffId, Guid ticketId, Guid? serviceId, int expectedVersion, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, TicketDesk.StaffRoles, cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only staff may change tickets.");
        }

        var ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (ticket is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        if (ticket.ServiceId == serviceId)
        {
            return Result.Success();
        }

        if (ticket.Version != expectedVersion)
        {
            return SupportErrors.Of(SupportErrors.Changed, "Someone else changed the ticket meanwhile.");
        }

        string? label = null;
        if (serviceId is { } id)
        {
            label = ticket.CustomerId is { } customerId ? await services.LabelIfOwnedAsync(customerId, id, cancellationToken) : null;
            if (label is null)
            {
                return SupportErrors.Of(SupportErrors.ServiceNotYours, "That service is not one of the customer's.", "ServiceId");
            }
        }

        var before = new { ticket.ServiceId, ticket.ServiceLabel };
        ticket.ServiceId = serviceId;
        ticket.ServiceLabel = label;
        ticket.Version++;
        audit.Record(db, actor, "support.ticket_service_linked", "Ticket", ticket.Reference, before, new { ticket.ServiceId, ticket.ServiceLabel });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SupportErrors.Of(SupportErrors.Changed, "Someone else changed the ticket meanwhile.");
        }

        signals.Publish(ticket.Id);
        return Result.Success();
    }

    /// <summary>The customer's services staff can link the ticket to (none for a guest ticket, nor for anyone but staff).</summary>
    public async Task<IReadOnlyList<SupportServiceOption>> ServicesForAsync(Guid staffId, Guid ticketId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await StaffActors.FindAsync(db, staffId, TicketDesk.StaffRoles, cancellationToken) is null)
        {
            return [];
        }

        var customerId = await db.Tickets().AsNoTracking().Where(t => t.Id == ticketId).Select(t => t.CustomerId).FirstOrDefaultAsync(cancellationToken);
        return customerId is { } id ? await services.ListAsync(id, cancellationToken) : [];
    }

    private async Task<Result> StaffChangeAsync(Guid staffId, IReadOnlyCollection<Guid> ticketIds, BulkTicketAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticketIds);
        ArgumentNullException.ThrowIfNull(action);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, TicketDesk.StaffRoles, cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only staff may change tickets.");
        }

        string? tag = null;
        if (action.AddTag is not null)
        {
            tag = action.AddTag.Trim().ToLowerInvariant();
            if (tag.Length is 0 or > TicketTag.MaxLength || !TagShape().IsMatch(tag))
            {
                return SupportErrors.Of(SupportErrors.TagInvalid, $"A tag is one word of letters, digits, '-', '_' or '.', at most {TicketTag.MaxLength} characters.", "Tag");
            }
        }

        if (action.AssignTo is { } assignee && await StaffActors.FindAsync(db, assignee, TicketDesk.StaffRoles, cancellationToken) is null)
        {
            return SupportErrors.Of(SupportErrors.AssigneeNotStaff, "Tickets can only be assigned to staff.", "AssigneeId");
        }

        if ((action.State is { } s && !Enum.IsDefined(s)) || (action.Priority is { } p && !Enum.IsDefined(p)))
        {
            return SupportErrors.Of(SupportErrors.NotFound, "Unknown state or priority.");
        }

        var ids = ticketIds.Distinct().ToList();
        var tickets = await db.Tickets().Include(t => t.Tags).Where(t => ids.Contains(t.Id)).ToListAsync(cancellationToken);
        if (tickets.Count != ids.Count)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var changed = new List<Ticket>();
        foreach (var ticket in tickets)
        {
            var before = new { ticket.State, ticket.Priority, ticket.AssigneeId };
            var touched = false;
            if (ticket.MergedIntoTicketId is not null && (action.State is not null || action.AssignTo is not null))
            {
                continue;
            }

            if (action.AssignTo is { } to && ticket.AssigneeId != to)
            {
                ticket.AssigneeId = to;
                touched = true;
            }
            else if (action.Unassign && ticket.AssigneeId is not null)
            {
                ticket.AssigneeId = null;
                touched = true;
            }

            if (action.State is { } state && ticket.State != state)
            {
                TicketDesk.SetState(ticket, state, now);
                await SlaClock.FollowStateAsync(db, ticket, now, cancellationToken);
                touched = true;
            }

            if (action.Priority is { } priority && ticket.Priority != priority)
            {
                ticket.Priority = priority;
                var department = await db.SupportDepartments().AsNoTracking().FirstAsync(d => d.Id == ticket.DepartmentId, cancellationToken);
                await SlaTargets.ApplyAsync(db, ticket, department, now, cancellationToken);
                touched = true;
            }

            if (tag is not null && ticket.Tags.All(t => t.Tag != tag))
            {
                ticket.Tags.Add(new TicketTag { TicketId = ticket.Id, Tag = tag });
                touched = true;
            }

            if (touched)
            {
                ticket.Version++;
                changed.Add(ticket);
                audit.Record(db, actor, "support.ticket_changed", "Ticket", ticket.Reference, before, new { ticket.State, ticket.Priority, ticket.AssigneeId, AddedTag = tag });
            }
        }

        if (changed.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var ticket in changed)
            {
                signals.Publish(ticket.Id);
            }
        }

        return Result.Success();
    }

    /// <summary>
    /// Moves every message and file of <paramref name="sourceId"/> into <paramref name="targetId"/> (both the same
    /// customer's), carries its tags over and closes the source as merged. Merging again changes nothing.
    /// </summary>
    public async Task<Result> MergeAsync(Guid staffId, Guid sourceId, Guid targetId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, staffId, TicketDesk.StaffRoles, cancellationToken);
        if (actor is null)
        {
            return SupportErrors.Of(SupportErrors.NotStaff, "Only staff may merge tickets.");
        }

        if (sourceId == targetId)
        {
            return SupportErrors.Of(SupportErrors.MergeSelf, "A ticket cannot be merged into itself.");
        }

        var source = await db.Tickets().Include(t => t.Tags).FirstOrDefaultAsync(t => t.Id == sourceId, cancellationToken);
        var target = await db.Tickets().Include(t => t.Tags).FirstOrDefaultAsync(t => t.Id == targetId, cancellationToken);
        if (source is null || target is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        if (source.MergedIntoTicketId == targetId)
        {
            return Result.Success();
        }

        if (source.MergedIntoTicketId is not null || target.MergedIntoTicketId is not null)
        {
            return SupportErrors.Of(SupportErrors.Merged, "The ticket was merged into another one already.");
        }

        if (source.CustomerId != target.CustomerId || !string.Equals(source.GuestEmail, target.GuestEmail, StringComparison.OrdinalIgnoreCase))
        {
            return SupportErrors.Of(SupportErrors.MergeOtherCustomer, "Only tickets of the same customer can be merged.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await db.TicketMessages().Where(m => m.TicketId == sourceId)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.TicketId, targetId), cancellationToken);
        await db.TicketAttachments().Where(a => a.TicketId == sourceId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.TicketId, targetId), cancellationToken);
        foreach (var tag in source.Tags.Where(t => target.Tags.All(x => x.Tag != t.Tag)).ToList())
        {
            target.Tags.Add(new TicketTag { TicketId = target.Id, Tag = tag.Tag });
        }

        var note = SupportTexts.Write(TicketDesk.NewMessage(target, staffId, actor.Name, true, MessageKind.Note, MessageSource.Staff, "", now),
            [new("Merge.Note", [source.Reference, source.Subject])]);
        db.TicketMessages().Add(note);
        target.SearchText = TicketDesk.AppendSearch(target.SearchText, source.SearchText);
        target.UpdatedAtUtc = now;
        target.Version++;
        source.MergedIntoTicketId = target.Id;
        source.SearchText = TicketDesk.SearchTextOf(source.Subject, ""); // its messages moved: search finds them in the target
        TicketDesk.SetState(source, TicketState.Closed, now);
        source.Version++;
        audit.Record(db, actor, "support.ticket_merged", "Ticket", source.Reference, null, new { Into = target.Reference });
        await db.SaveChangesAsync(cancellationToken);
        signals.Publish(source.Id);
        signals.Publish(target.Id);
        return Result.Success();
    }

    /// <summary>The customer closes their ticket; closing a closed ticket changes nothing.</summary>
    public async Task<Result> CustomerCloseAsync(Guid customerId, Guid ticketId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Id == ticketId && t.CustomerId == customerId, cancellationToken);
        if (ticket is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        if (ticket.State != TicketState.Closed)
        {
            var now = time.GetUtcNow().UtcDateTime;
            TicketDesk.SetState(ticket, TicketState.Closed, now);
            ticket.UpdatedAtUtc = now;
            ticket.Version++;
            await db.SaveChangesAsync(cancellationToken);
            signals.Publish(ticket.Id);
        }

        return Result.Success();
    }

    /// <summary>The customer reopens a closed ticket (not a merged one); it goes back to staff.</summary>
    public async Task<Result> CustomerReopenAsync(Guid customerId, Guid ticketId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets().FirstOrDefaultAsync(t => t.Id == ticketId && t.CustomerId == customerId, cancellationToken);
        if (ticket is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The ticket does not exist.");
        }

        if (ticket.MergedIntoTicketId is not null)
        {
            return SupportErrors.Of(SupportErrors.Merged, "The ticket was merged into another one.");
        }

        if (ticket.State != TicketState.Closed)
        {
            return Result.Success();
        }

        var now = time.GetUtcNow().UtcDateTime;
        TicketDesk.SetState(ticket, ticket.FirstResponseAtUtc is null ? TicketState.New : TicketState.InProgress, now);
        ticket.ResolutionPausedAtUtc = null;
        await SlaTargets.RestartAsync(db, ticket, now, cancellationToken);
        ticket.LastPublicByStaff = false;
        ticket.UpdatedAtUtc = now;
        ticket.Version++;
        await db.SaveChangesAsync(cancellationToken);
        signals.Publish(ticket.Id);
        return Result.Success();
    }

    /// <summary>
    /// A reply a staff member wrote. The product's own replies (the auto-close warning, written by no one) are not
    /// ratable: a rating says how a person helped, and the satisfaction report counts people, so a rating there would
    /// either be counted against nobody or silently dropped.
    /// </summary>
    public static bool IsRatable(TicketMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.IsStaff && message.Kind == MessageKind.Reply && message.AuthorId is not null;
    }

    /// <summary>The customer rates one staff reply in their ticket (good/bad, optional comment); rating again replaces it.</summary>
    public async Task<Result> RateReplyAsync(Guid customerId, Guid messageId, ReplyRating rating, string? comment, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(rating))
        {
            return SupportErrors.Of(SupportErrors.NotRatable, "Choose good or bad.", "Rating");
        }

        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > TicketMessage.MaxRatingCommentLength })
        {
            return Error.Validation("Comment", SupportErrors.CommentTooLong, $"A comment may be at most {TicketMessage.MaxRatingCommentLength} characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.TicketMessages()
            .Where(m => m.Id == messageId && db.Tickets().Any(t => t.Id == m.TicketId && t.CustomerId == customerId))
            .FirstOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return SupportErrors.Of(SupportErrors.NotFound, "The message does not exist.");
        }

        if (!IsRatable(message))
        {
            return SupportErrors.Of(SupportErrors.NotRatable, "Only staff replies can be rated.");
        }

        if (message.Rating == rating && message.RatingComment == comment)
        {
            return Result.Success();
        }

        message.Rating = rating;
        message.RatingComment = comment;
        message.RatedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        signals.Publish(message.TicketId);
        return Result.Success();
    }
}
