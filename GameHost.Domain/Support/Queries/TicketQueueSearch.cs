using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Persistence;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.Queries;

/// <summary>How the staff queue reads a page of search results on SQLite (see decision 0029).</summary>
internal enum QueueSearchStrategy
{
    /// <summary>No word the index can find: the exact reference only.</summary>
    ReferenceOnly,

    /// <summary>Few matches: read them from the full-text index, join the tickets, sort what is left.</summary>
    DriveFromIndex,

    /// <summary>
    /// Many matches: walk the queue in its own order (an index on the ticket's filters and <c>UpdatedAtUtc</c>) and keep
    /// the rows whose full-text row is in the match set, stopping once the page is full; the set is built once per
    /// statement (with a Bloom filter) and never sorted.
    /// </summary>
    WalkQueueOrder,

    /// <summary>
    /// The other filters leave few tickets (decision 0036): walk them (the filter's index) and test each one's
    /// full-text row against the match set, never reading the matches outside the filter one by one.
    /// </summary>
    WalkFilteredQueue,
}

/// <summary>
/// The ticket sets a queue search starts from on SQLite, as entity queries the queue's other filters compose onto.
/// The match is always an FTS5 query built by <see cref="TicketSearchTerms"/>, never raw input, and is passed as a
/// parameter.
/// </summary>
internal static class TicketQueueSearch
{
    /// <summary>
    /// The tickets the full-text index matches, joined in that order (<c>CROSS JOIN</c> fixes SQLite's join order:
    /// left to itself the planner may put the ticket first and run the match once per ticket). Streams: a count with a
    /// limit stops reading the index at the limit.
    /// </summary>
    public static IQueryable<Ticket> FromIndex(GameHostDbContext db, string match) => db.Tickets().FromSql($"""
        SELECT "t".* FROM "TicketSearch" AS "s"
        CROSS JOIN "TicketSearchRow" AS "r"
        CROSS JOIN "Ticket" AS "t"
        WHERE "TicketSearch" MATCH {match} AND "r"."RowId" = "s".rowid AND "t"."Id" = "r"."TicketId"
        """);

    /// <summary>
    /// The tickets whose full-text row is in the match set, as a test on each ticket: SQLite builds the set once and
    /// keeps whatever order the rest of the query reads the tickets in. The left side is a subquery on purpose: were it
    /// a column, the planner could use the set as an index lookup and loop over all of it for every ticket.
    /// </summary>
    public static IQueryable<Ticket> TestEachTicket(GameHostDbContext db, string match) => db.Tickets().FromSql($"""
        SELECT "t".* FROM "Ticket" AS "t"
        WHERE (SELECT "r"."RowId" FROM "TicketSearchRow" AS "r" WHERE "r"."TicketId" = "t"."Id")
            IN (SELECT rowid FROM "TicketSearch" WHERE "TicketSearch" MATCH {match})
        """);

    /// <summary>The queue's index for one department's tickets of one agent (or unassigned), in queue order.</summary>
    public const string DepartmentAssigneeIndex = "IX_Ticket_DepartmentId_AssigneeId_UpdatedAtUtc_State";

    /// <summary>The queue's index for one department's tickets, in queue order.</summary>
    public const string DepartmentIndex = "IX_Ticket_DepartmentId_UpdatedAtUtc_State";

    /// <summary>The queue's index for one agent's tickets, in queue order.</summary>
    public const string AssigneeIndex = "IX_Ticket_AssigneeId_UpdatedAtUtc_State";

    private static readonly string[] QueueIndexes = [DepartmentAssigneeIndex, DepartmentIndex, AssigneeIndex];

    /// <summary>
    /// The tickets read through one of the queue's indexes (<c>INDEXED BY</c>): without statistics SQLite may prefer
    /// the priority or state index, a quarter of all tickets, over the department/agent one the narrow walk relies on
    /// (decision 0036). The index name is one of the constants above, never input; the filters composed on top must
    /// constrain the index's leading column.
    /// </summary>
    public static IQueryable<Ticket> Tickets(GameHostDbContext db, string index) => db.Tickets().FromSql(
        FormattableStringFactory.Create("SELECT \"t\".* FROM \"Ticket\" AS \"t\" INDEXED BY \"" + Known(index) + "\""));

    /// <summary><see cref="TestEachTicket(GameHostDbContext, string)"/> reading the tickets through one of the queue's indexes.</summary>
    public static IQueryable<Ticket> TestEachTicket(GameHostDbContext db, string match, string index) => db.Tickets().FromSql(FormattableStringFactory.Create(
        "SELECT \"t\".* FROM \"Ticket\" AS \"t\" INDEXED BY \"" + Known(index) + "\"\n"
        + "WHERE (SELECT \"r\".\"RowId\" FROM \"TicketSearchRow\" AS \"r\" WHERE \"r\".\"TicketId\" = \"t\".\"Id\")\n"
        + "    IN (SELECT rowid FROM \"TicketSearch\" WHERE \"TicketSearch\" MATCH {0})",
        match));

    /// <summary>
    /// The full-text rows the match finds, counted up to <paramref name="limit"/> without joining them to anything: reads
    /// at most that many entries of the word's doclist.
    /// </summary>
    public static Task<int> CountMatchRowsAsync(GameHostDbContext db, string match, int limit, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<int>($"""
            SELECT count(*) AS "Value" FROM (SELECT rowid FROM "TicketSearch" WHERE "TicketSearch" MATCH {match} LIMIT {limit})
            """).SingleAsync(cancellationToken);

    private static string Known(string index) => Array.IndexOf(QueueIndexes, index) >= 0
        ? index
        : throw new ArgumentOutOfRangeException(nameof(index), index, "Not one of the queue's indexes.");
}
