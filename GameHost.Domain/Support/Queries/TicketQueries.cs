using System.Globalization;
using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Sla;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Support.Queries;

public sealed record CustomerTicketRow(Guid Id, string Reference, string Subject, string Department, CustomerTicketStatus Status, TicketPriority Priority, DateTime UpdatedAtUtc);

public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long SizeBytes, bool IsImage);

/// <param name="Ratable">A staff member's reply the customer may rate; the product's own replies (the auto-close warning) are not.</param>
public sealed record MessageView(
    Guid Id, string AuthorName, bool IsStaff, MessageKind Kind, MessageSource Source, string Body, DateTime CreatedAtUtc,
    ReplyRating? Rating, string? RatingComment, IReadOnlyList<AttachmentView> Attachments, bool Ratable = false);

public sealed record TicketView(
    Guid Id,
    string Reference,
    string Subject,
    Guid? CustomerId,
    string CustomerName,
    string CustomerEmail,
    Guid DepartmentId,
    string Department,
    TicketState State,
    CustomerTicketStatus CustomerStatus,
    TicketPriority Priority,
    Guid? AssigneeId,
    string? AssigneeName,
    Guid? ServiceId,
    string? ServiceLabel,
    Guid? MergedIntoTicketId,
    string? MergedIntoReference,
    IReadOnlyList<string> Tags,
    DateTime CreatedAtUtc,
    DateTime? FirstResponseDueAtUtc,
    DateTime? ResolutionDueAtUtc,
    SlaState Sla,
    long? PriceMinor,
    string? PriceCurrency,
    DateTime? PriceApprovedAtUtc,
    IReadOnlyList<MessageView> Messages,
    Guid? PriceInvoiceId = null,
    PaidSupportMode DepartmentPaidMode = PaidSupportMode.Free,
    int Version = 0,
    DateTime? PriceDeclinedAtUtc = null)
{
    /// <summary>A guest ticket: no account; staff replies go to <see cref="CustomerEmail"/> by e-mail.</summary>
    public bool IsGuest => CustomerId is null;
}

/// <summary>
/// Which tickets the staff queue shows. Null means any; <see cref="OpenOnly"/> hides closed tickets;
/// <see cref="DepartmentIds"/> keeps these departments' tickets ("my departments"), and an empty list shows none.
/// </summary>
public sealed record QueueFilter(
    Guid? DepartmentId = null,
    TicketState? State = null,
    bool OpenOnly = true,
    Guid? AssigneeId = null,
    bool UnassignedOnly = false,
    TicketPriority? Priority = null,
    SlaState? Sla = null,
    string? Search = null,
    string? Tag = null,
    IReadOnlyList<Guid>? DepartmentIds = null);

public sealed record QueueRow(
    Guid Id, string Reference, string Subject, string CustomerEmail, string Department, TicketState State, TicketPriority Priority,
    string? AssigneeName, DateTime UpdatedAtUtc, DateTime? DueAtUtc, SlaState Sla, bool IsGuest = false);

public sealed record NamedOption(Guid Id, string Name);

public sealed record SatisfactionRow(Guid Id, string Name, int Good, int Bad)
{
    public int Total => Good + Bad;

    /// <summary>Share of good ratings, 0..100; null without ratings.</summary>
    public int? Percent => Total == 0 ? null : (int)Math.Round(100.0 * Good / Total, MidpointRounding.AwayFromZero);
}

public sealed record SatisfactionReport(IReadOnlyList<SatisfactionRow> ByStaff, IReadOnlyList<SatisfactionRow> ByDepartment);

/// <summary>A rated reply whose customer said why: what the satisfaction page lists under the figures.</summary>
public sealed record RatingCommentRow(Guid TicketId, string Reference, string StaffName, string Department, ReplyRating Rating, string Comment, DateTime RatedAtUtc);

/// <summary>Which rating comments to list; null means any.</summary>
public sealed record RatingCommentFilter(DateTime? SinceUtc = null, ReplyRating? Rating = null, Guid? StaffId = null, Guid? DepartmentId = null);

/// <summary>What the support pages read: the customer's tickets, a ticket as its viewer may see it, the staff queue.</summary>
public sealed class TicketQueries(IDbContextFactory<GameHostDbContext> dbFactory, TimeProvider time, IOptions<SupportOptions> options)
{
    public const int QueuePageSize = 25;

    public async Task<IReadOnlyList<CustomerTicketRow>> CustomerTicketsAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Tickets().AsNoTracking()
            .Where(t => t.CustomerId == customerId)
            .OrderByDescending(t => t.UpdatedAtUtc)
            .Select(t => new
            {
                t.Id, t.Reference, t.Subject, Department = db.SupportDepartments().Where(d => d.Id == t.DepartmentId).Select(d => d.Name).First(),
                t.State, t.LastPublicByStaff, t.Priority, t.UpdatedAtUtc,
            })
            .Take(500)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new CustomerTicketRow(r.Id, r.Reference, r.Subject, r.Department, TicketStatusViews.ForCustomer(r.State, r.LastPublicByStaff), r.Priority, r.UpdatedAtUtc)).ToList();
    }

    /// <summary>The ticket for its customer (no internal notes) or for staff (everything); null for anyone else.</summary>
    public async Task<TicketView?> TicketAsync(Guid viewerId, Guid ticketId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets().AsNoTracking().Include(t => t.Tags).FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (ticket is null)
        {
            return null;
        }

        var isStaff = ticket.CustomerId != viewerId && await StaffActors.FindAsync(db, viewerId, TicketDesk.StaffRoles, cancellationToken) is not null;
        if (!isStaff && ticket.CustomerId != viewerId)
        {
            return null;
        }

        var messages = await db.TicketMessages().AsNoTracking().Include(m => m.Attachments)
            .Where(m => m.TicketId == ticketId && (isStaff || m.Kind == MessageKind.Reply))
            .OrderBy(m => m.CreatedAtUtc).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var customer = await db.Users.AsNoTracking().Where(u => u.Id == ticket.CustomerId).Select(u => new { u.FullName, u.Email }).FirstOrDefaultAsync(cancellationToken)
            ?? new { FullName = ticket.GuestName ?? "", Email = ticket.GuestEmail };
        var departmentRow = await db.SupportDepartments().AsNoTracking().Where(d => d.Id == ticket.DepartmentId).Select(d => new { d.Name, d.PaidMode }).FirstAsync(cancellationToken);
        var department = departmentRow.Name;
        var assignee = ticket.AssigneeId is { } a
            ? await db.Users.AsNoTracking().Where(u => u.Id == a).Select(u => u.FullName == "" ? u.Email : u.FullName).FirstOrDefaultAsync(cancellationToken)
            : null;
        var mergedInto = ticket.MergedIntoTicketId is { } m
            ? await db.Tickets().AsNoTracking().Where(t => t.Id == m).Select(t => t.Reference).FirstOrDefaultAsync(cancellationToken)
            : null;
        var now = time.GetUtcNow().UtcDateTime;
        return new TicketView(
            ticket.Id, ticket.Reference, ticket.Subject, ticket.CustomerId, TicketDesk.DisplayName(customer.FullName, customer.Email), customer.Email ?? "",
            ticket.DepartmentId, department, ticket.State, ticket.CustomerStatus, ticket.Priority, ticket.AssigneeId, assignee,
            ticket.ServiceId, ticket.ServiceLabel, ticket.MergedIntoTicketId, mergedInto,
            ticket.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal).ToList(), ticket.CreatedAtUtc,
            ticket.FirstResponseDueAtUtc, ticket.ResolutionDueAtUtc,
            isStaff ? SlaTargets.StateOf(ticket, now, TimeSpan.FromMinutes(options.Value.DueSoonMinutes)) : SlaState.None,
            ticket.PriceMinor, ticket.PriceCurrency, ticket.PriceApprovedAtUtc,
            messages.Select(x => new MessageView(
                // Text the product wrote is rendered in the reader's language (SupportTexts); people's words as written.
                x.Id, x.AuthorName, x.IsStaff, x.Kind, x.Source, SupportTexts.Render(x.TextCode, x.Body, CultureInfo.CurrentUICulture), x.CreatedAtUtc, x.Rating, x.RatingComment,
                x.Attachments.OrderBy(f => f.FileName, StringComparer.Ordinal).Select(f => new AttachmentView(f.Id, f.FileName, f.ContentType, f.SizeBytes, f.IsImage)).ToList(),
                TicketActions.IsRatable(x))).ToList(),
            ticket.PriceInvoiceId, departmentRow.PaidMode, ticket.Version, ticket.PriceDeclinedAtUtc);
    }

    /// <summary>
    /// The queue counts its matches no further than this many beyond the page's first row: past it the page says
    /// "1,000+" (<see cref="PagedList{T}.TotalIsAtLeast"/>) instead of scanning every match of a broad filter.
    /// </summary>
    public const int QueueCountCap = 1000;

    /// <summary>
    /// A search whose counted matches (with the other filters, up to the cap) reach this many is read by walking the
    /// queue in its order (<see cref="QueueSearchStrategy.WalkQueueOrder"/>); fewer, from the full-text index. Null: walk
    /// exactly when the count hit the cap. Settable for tests.
    /// </summary>
    internal int? SearchWalkThreshold { get; init; }

    /// <summary>
    /// A search whose other filters leave at most this many tickets (counted from the filter's index, without the SLA
    /// state and tag, which only narrow further) walks those tickets and tests each one's text
    /// (<see cref="QueueSearchStrategy.WalkFilteredQueue"/>) instead of reading every full-text match (decision 0036).
    /// </summary>
    public const int NarrowQueueCap = 500;

    /// <summary>Overrides <see cref="NarrowQueueCap"/>; a negative value never takes the narrow walk. Settable for tests.</summary>
    internal int? NarrowQueueLimit { get; init; }

    /// <summary>
    /// False walks the filtered queue whenever it is within the cap, however few the word's matches; true (the default)
    /// walks it only when the word has more matches than the filter leaves tickets. Settable for tests.
    /// </summary>
    internal bool WeighMatches { get; init; } = true;

    /// <summary>One page of the staff queue, most recently active first.</summary>
    /// <remarks>
    /// The total is exact up to <see cref="QueueCountCap"/> rows past the page's start; beyond that it is that many, with
    /// <see cref="PagedList{T}.TotalIsAtLeast"/> set, so the pager still offers the next page while more rows exist.
    /// </remarks>
    public async Task<PagedList<QueueRow>> QueueAsync(QueueFilter filter, int page, CancellationToken cancellationToken, bool withTotal = true)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.DepartmentIds is [var only] && filter.DepartmentId is null)
        {
            // One department of one's own is that department's queue, read in order from its index.
            filter = filter with { DepartmentId = only, DepartmentIds = null };
        }

        (page, var size) = PagedList<QueueRow>.Clamp(page, QueuePageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var soon = now.AddMinutes(options.Value.DueSoonMinutes);
        IQueryable<Ticket> Filtered(IQueryable<Ticket> tickets) => WhereFilters(db, tickets.AsNoTracking(), filter, now, soon);

        var limit = (page * size) + QueueCountCap;
        var (query, total, _) = string.IsNullOrWhiteSpace(filter.Search)
            ? (Filtered(db.Tickets()), withTotal ? await Filtered(db.Tickets()).Take(limit + 1).CountAsync(cancellationToken) : -1, QueueSearchStrategy.ReferenceOnly)
            : await SearchAsync(db, filter.Search, Filtered, IndexedNarrowing(db, filter, now, soon), limit, cancellationToken);
        total = withTotal ? total : -1;
        var totalIsAtLeast = total > limit;
        total = Math.Min(total, limit);

        // The page's ids first, then the names for those rows only: when the filter's order cannot come from an index
        // (a search, a department), SQLite sorts every match, and would look up each match's names before sorting.
        var pageIds = await query
            .OrderByDescending(t => t.UpdatedAtUtc).ThenByDescending(t => t.Id)
            .Skip(page * size).Take(size)
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);
        var unordered = await db.Tickets().AsNoTracking()
            .Where(t => pageIds.Contains(t.Id))
            .Select(t => new
            {
                t.Id, t.Reference, t.Subject,
                CustomerEmail = t.GuestEmail ?? db.Users.Where(u => u.Id == t.CustomerId).Select(u => u.Email).FirstOrDefault(),
                IsGuest = t.CustomerId == null,
                Department = db.SupportDepartments().Where(d => d.Id == t.DepartmentId).Select(d => d.Name).First(),
                t.State, t.Priority,
                Assignee = db.Users.Where(u => u.Id == t.AssigneeId).Select(u => u.FullName == "" ? u.Email : u.FullName).FirstOrDefault(),
                t.UpdatedAtUtc, t.FirstResponseAtUtc, t.FirstResponseDueAtUtc, t.ResolutionDueAtUtc, t.ResolutionPausedAtUtc,
            })
            .ToListAsync(cancellationToken);
        var rows = unordered.OrderBy(r => pageIds.IndexOf(r.Id)).ToList();
        var dueSoon = TimeSpan.FromMinutes(options.Value.DueSoonMinutes);
        var items = rows.Select(r =>
        {
            var due = SlaTargets.DueOf(r.FirstResponseAtUtc, r.FirstResponseDueAtUtc, r.ResolutionDueAtUtc, r.ResolutionPausedAtUtc);
            return new QueueRow(r.Id, r.Reference, r.Subject, r.CustomerEmail ?? "", r.Department, r.State, r.Priority, r.Assignee, r.UpdatedAtUtc, due,
                SlaTargets.StateOf(r.State, r.FirstResponseAtUtc, r.FirstResponseDueAtUtc, r.ResolutionDueAtUtc, now, dueSoon, r.ResolutionPausedAtUtc), r.IsGuest);
        }).ToList();
        return new PagedList<QueueRow>(items, total < 0 ? items.Count : total, page, size, totalIsAtLeast);
    }

    /// <summary>Which search strategy <see cref="QueueAsync"/> takes for this search alone (first page, any state); for tests.</summary>
    internal async Task<QueueSearchStrategy> SearchStrategyAsync(string search, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await SearchAsync(db, search, q => q, null, QueueCountCap, cancellationToken)).Strategy;
    }

    /// <summary>Which search strategy <see cref="QueueAsync"/> takes for the first page of this filter (its search and the rest); for tests.</summary>
    internal async Task<QueueSearchStrategy> SearchStrategyAsync(QueueFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var soon = now.AddMinutes(options.Value.DueSoonMinutes);
        return (await SearchAsync(db, filter.Search ?? "", q => WhereFilters(db, q.AsNoTracking(), filter, now, soon), IndexedNarrowing(db, filter, now, soon),
            QueueCountCap, cancellationToken)).Strategy;
    }

    /// <summary>
    /// When the filter names a department or an agent (the selective columns), the index that reads exactly those
    /// tickets in queue order, and the filter's parts checked on them (state, department, assignee, priority): counting
    /// them through that index stops after a few entries when the queue they leave is large, and is exact when it is
    /// small. State and priority alone (a quarter or more of all tickets) and "unassigned" alone never narrow enough.
    /// The SLA state and the tag are left out (they only narrow further, and no index orders them), as is the search.
    /// </summary>
    private static QueueNarrowing? IndexedNarrowing(GameHostDbContext db, QueueFilter filter, DateTime now, DateTime soon)
    {
        var byAssignee = filter.AssigneeId is not null || filter.UnassignedOnly;
        var index = filter.DepartmentId is not null
            ? byAssignee ? TicketQueueSearch.DepartmentAssigneeIndex : TicketQueueSearch.DepartmentIndex
            : filter.AssigneeId is not null && !filter.UnassignedOnly ? TicketQueueSearch.AssigneeIndex : null;
        if (index is null)
        {
            return null;
        }

        var indexed = filter with { Sla = null, Tag = null, Search = null };
        return new QueueNarrowing(index, q => WhereFilters(db, q.AsNoTracking(), indexed, now, soon));
    }

    /// <summary>The queue's filters other than the search, on <paramref name="query"/>.</summary>
    internal static IQueryable<Ticket> WhereFilters(GameHostDbContext db, IQueryable<Ticket> query, QueueFilter filter, DateTime now, DateTime soon)
    {
        if (filter.State is { } state)
        {
            query = query.Where(t => t.State == state);
        }
        else if (filter.OpenOnly)
        {
            query = query.Where(t => t.State != TicketState.Closed);
        }

        if (filter.DepartmentId is { } department)
        {
            query = query.Where(t => t.DepartmentId == department);
        }

        if (filter.DepartmentIds is { } departments)
        {
            // A staff member's few departments, each looked up in the department index (DepartmentId, UpdatedAtUtc, State).
            var ids = departments.Distinct().ToList();
            query = query.Where(t => ids.Contains(t.DepartmentId));
        }

        if (filter.UnassignedOnly)
        {
            query = query.Where(t => t.AssigneeId == null);
        }
        else if (filter.AssigneeId is { } assignee)
        {
            query = query.Where(t => t.AssigneeId == assignee);
        }

        if (filter.Priority is { } priority)
        {
            query = query.Where(t => t.Priority == priority);
        }

        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            var tag = filter.Tag.Trim().ToLowerInvariant();
            query = query.Where(t => db.TicketTags().Any(x => x.TicketId == t.Id && x.Tag == tag));
        }

        if (filter.Sla is { } sla)
        {
            // The due instant: the first-response target until someone answered, else the resolution target — which
            // counts only while it runs (not paused waiting for the customer or on hold).
            query = sla switch
            {
                SlaState.Breached => query.Where(t => t.State != TicketState.Closed
                    && ((t.FirstResponseAtUtc == null && t.FirstResponseDueAtUtc <= now) || (t.ResolutionPausedAtUtc == null && t.ResolutionDueAtUtc <= now))),
                SlaState.DueSoon => query.Where(t => t.State != TicketState.Closed
                    && !((t.FirstResponseAtUtc == null && t.FirstResponseDueAtUtc <= now) || (t.ResolutionPausedAtUtc == null && t.ResolutionDueAtUtc <= now))
                    && ((t.FirstResponseAtUtc == null && t.FirstResponseDueAtUtc <= soon) || (t.ResolutionPausedAtUtc == null && t.ResolutionDueAtUtc <= soon))),
                SlaState.OnTrack => query.Where(t => t.State != TicketState.Closed
                    && ((t.FirstResponseAtUtc == null && t.FirstResponseDueAtUtc != null) || (t.ResolutionPausedAtUtc == null && t.ResolutionDueAtUtc != null))
                    && !((t.FirstResponseAtUtc == null && t.FirstResponseDueAtUtc <= soon) || (t.ResolutionPausedAtUtc == null && t.ResolutionDueAtUtc <= soon))),
                SlaState.Paused => query.Where(t => t.State != TicketState.Closed && t.FirstResponseAtUtc != null
                    && t.ResolutionPausedAtUtc != null && t.ResolutionDueAtUtc != null),
                _ => query.Where(t => t.FirstResponseDueAtUtc == null && t.ResolutionDueAtUtc == null),
            };
        }

        return query;
    }

    /// <summary>
    /// Tickets whose reference is the search, or whose subject and messages hold all its words: on SQLite through the
    /// full-text index (<see cref="TicketFullText"/>), elsewhere as one substring of the lower-cased search text. Returns
    /// the query for the page's rows and the matches counted up to <paramref name="limit"/> + 1 (decision 0029).
    /// </summary>
    private async Task<(IQueryable<Ticket> Page, int Counted, QueueSearchStrategy Strategy)> SearchAsync(
        GameHostDbContext db, string search, Func<IQueryable<Ticket>, IQueryable<Ticket>> filtered, QueueNarrowing? narrowing,
        int limit, CancellationToken cancellationToken)
    {
        var trimmed = search.Trim();
        var reference = trimmed.ToUpperInvariant();
        var match = db.Database.IsSqlite() ? TicketSearchTerms.ToMatch(trimmed) : null;
        if (!db.Database.IsSqlite() || match is null)
        {
            var term = trimmed.ToLowerInvariant();
            var simple = db.Database.IsSqlite()
                ? filtered(db.Tickets()).Where(t => t.Reference == reference)
                : filtered(db.Tickets()).Where(t => t.Reference == reference || t.SearchText.Contains(term));
            return (simple, await simple.Take(limit + 1).CountAsync(cancellationToken),
                db.Database.IsSqlite() ? QueueSearchStrategy.ReferenceOnly : QueueSearchStrategy.DriveFromIndex);
        }

        // A search that is some ticket's reference: that ticket plus the (few) tickets holding its parts as words.
        var referenced = await db.Tickets().AsNoTracking().Where(t => t.Reference == reference).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (referenced is { } referencedId)
        {
            var matching = TicketFullText.Matching(db, match);
            var withReference = filtered(db.Tickets()).Where(t => t.Id == referencedId || matching.Contains(t.Id));
            return (withReference, await withReference.Take(limit + 1).CountAsync(cancellationToken), QueueSearchStrategy.DriveFromIndex);
        }

        // Other filters that leave fewer tickets than the word has matches (one agent's, one small department's): walk
        // those and test each one's text, rather than reading every match of a common word to find out the result is
        // small (decision 0036). Both counts are cheap and capped by each other: the word's full-text rows alone (no
        // join), then the filtered queue through its selective index, stopping one ticket past the smaller side.
        var narrowCap = NarrowQueueLimit ?? NarrowQueueCap;
        if (narrowing is not null && narrowCap >= 0)
        {
            var matches = WeighMatches ? await TicketQueueSearch.CountMatchRowsAsync(db, match, narrowCap + 1, cancellationToken) : narrowCap + 1;
            var bound = Math.Min(matches - 1, narrowCap);
            if (bound >= 0 && await narrowing.Filter(TicketQueueSearch.Tickets(db, narrowing.Index)).Take(bound + 1).CountAsync(cancellationToken) <= bound)
            {
                var walk = filtered(TicketQueueSearch.TestEachTicket(db, match, narrowing.Index));
                return (walk, await walk.Take(limit + 1).CountAsync(cancellationToken), QueueSearchStrategy.WalkFilteredQueue);
            }
        }

        // The count streams from the index and stops past the cap. Reaching it means the matches are many and the page
        // fills early when the queue is walked in its order; below it they are few enough to join and sort (a rare word
        // would make a walk read every ticket to find none).
        var fromIndex = filtered(TicketQueueSearch.FromIndex(db, match));
        var counted = await fromIndex.Take(limit + 1).CountAsync(cancellationToken);
        return counted >= (SearchWalkThreshold ?? limit + 1)
            ? (filtered(TicketQueueSearch.TestEachTicket(db, match)), counted, QueueSearchStrategy.WalkQueueOrder)
            : (fromIndex, counted, QueueSearchStrategy.DriveFromIndex);
    }

    /// <summary>The queue's selective index (see <see cref="TicketQueueSearch"/>) and the filters the narrow walk counts on it.</summary>
    private sealed record QueueNarrowing(string Index, Func<IQueryable<Ticket>, IQueryable<Ticket>> Filter);

    /// <summary>The ticket with this reference (any case), for staff typing one in; null when there is none.</summary>
    public async Task<Guid?> IdByReferenceAsync(string? reference, CancellationToken cancellationToken)
    {
        var normalized = (reference ?? "").Trim().Trim('[', ']').ToUpperInvariant();
        if (normalized.Length == 0)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tickets().AsNoTracking().Where(t => t.Reference == normalized).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<NamedOption>> DepartmentsAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SupportDepartments().AsNoTracking()
            .Where(d => !activeOnly || d.IsActive)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
            .Select(d => new NamedOption(d.Id, d.Name))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The departments a staff member is a member of, for the queue's "my departments" filter.</summary>
    public async Task<IReadOnlyList<Guid>> MemberDepartmentsAsync(Guid staffId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SupportDepartmentMembers().AsNoTracking().Where(m => m.UserId == staffId).Select(m => m.DepartmentId).ToListAsync(cancellationToken);
    }

    /// <summary>Everyone a ticket can be assigned to.</summary>
    public async Task<IReadOnlyList<NamedOption>> StaffAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var roles = TicketDesk.StaffRoles.Select(r => r.ToUpperInvariant()).ToList();
        return await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.NormalizedName!))))
            .OrderBy(u => u.FullName).ThenBy(u => u.Email)
            .Select(u => new NamedOption(u.Id, u.FullName == "" ? u.Email! : u.FullName))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The newest ratings that came with a comment (at most <paramref name="take"/>), for reading what customers said.</summary>
    public async Task<IReadOnlyList<RatingCommentRow>> RatingCommentsAsync(RatingCommentFilter filter, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.TicketMessages().AsNoTracking()
            .Where(m => m.Rating != null && m.RatingComment != null && m.AuthorId != null
                && (filter.SinceUtc == null || m.RatedAtUtc >= filter.SinceUtc)
                && (filter.Rating == null || m.Rating == filter.Rating)
                && (filter.StaffId == null || m.AuthorId == filter.StaffId))
            .Join(db.Tickets(), m => m.TicketId, t => t.Id, (m, t) => new { Message = m, Ticket = t })
            .Where(x => filter.DepartmentId == null || x.Ticket.DepartmentId == filter.DepartmentId)
            .OrderByDescending(x => x.Message.RatedAtUtc)
            .Take(Math.Clamp(take, 1, 200))
            .Select(x => new
            {
                x.Ticket.Id, x.Ticket.Reference, x.Message.AuthorName,
                Department = db.SupportDepartments().Where(d => d.Id == x.Ticket.DepartmentId).Select(d => d.Name).First(),
                x.Message.Rating, x.Message.RatingComment, x.Message.RatedAtUtc,
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new RatingCommentRow(r.Id, r.Reference, r.AuthorName, r.Department, r.Rating!.Value, r.RatingComment!, r.RatedAtUtc ?? default)).ToList();
    }

    /// <summary>
    /// Good and bad ratings of staff replies, per staff member and per department. Only replies a staff member wrote
    /// count (the product's own auto-close warning cannot be rated, see <see cref="TicketActions.IsRatable"/>).
    /// </summary>
    public async Task<SatisfactionReport> SatisfactionAsync(DateTime? sinceUtc, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rated = db.TicketMessages().AsNoTracking()
            .Where(m => m.Rating != null && m.AuthorId != null && (sinceUtc == null || m.RatedAtUtc >= sinceUtc));
        var byStaff = await rated
            .GroupBy(m => m.AuthorId!.Value)
            .Select(g => new { Id = g.Key, Good = g.Count(m => m.Rating == ReplyRating.Good), Bad = g.Count(m => m.Rating == ReplyRating.Bad) })
            .ToListAsync(cancellationToken);
        var byDepartment = await rated
            .Join(db.Tickets(), m => m.TicketId, t => t.Id, (m, t) => new { t.DepartmentId, m.Rating })
            .GroupBy(x => x.DepartmentId)
            .Select(g => new { Id = g.Key, Good = g.Count(m => m.Rating == ReplyRating.Good), Bad = g.Count(m => m.Rating == ReplyRating.Bad) })
            .ToListAsync(cancellationToken);
        var staffIds = byStaff.Select(s => s.Id).ToList();
        var names = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.FullName == "" ? u.Email ?? "" : u.FullName, cancellationToken);
        var departments = await db.SupportDepartments().AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        return new SatisfactionReport(
            byStaff.Select(s => new SatisfactionRow(s.Id, names.GetValueOrDefault(s.Id, "?"), s.Good, s.Bad)).OrderBy(r => r.Name, StringComparer.CurrentCulture).ToList(),
            byDepartment.Select(s => new SatisfactionRow(s.Id, departments.GetValueOrDefault(s.Id, "?"), s.Good, s.Bad)).OrderBy(r => r.Name, StringComparer.CurrentCulture).ToList());
    }

    /// <summary>An attachment its viewer may download (the ticket's customer, or staff); null otherwise.</summary>
    public async Task<TicketAttachment?> AttachmentForAsync(Guid viewerId, Guid attachmentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.TicketAttachments().AsNoTracking()
            .Where(a => a.Id == attachmentId)
            .Select(a => new
            {
                Attachment = a,
                CustomerId = db.Tickets().Where(t => t.Id == a.TicketId).Select(t => t.CustomerId).First(),
                Kind = db.TicketMessages().Where(m => m.Id == a.MessageId).Select(m => m.Kind).First(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        if (found.CustomerId == viewerId && found.Kind == MessageKind.Reply)
        {
            return found.Attachment;
        }

        return await StaffActors.FindAsync(db, viewerId, TicketDesk.StaffRoles, cancellationToken) is not null ? found.Attachment : null;
    }
}
