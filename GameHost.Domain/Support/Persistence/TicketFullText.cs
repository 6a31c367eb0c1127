using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GameHost.Domain.Support.Persistence;

/// <summary>
/// The staff queue's full-text index on SQLite: an FTS5 table over each ticket's search text (its subject, every
/// message body including internal notes, and a guest's address), kept in step by triggers on <c>Ticket</c>, so the
/// index changes in the same statement — and so the same transaction — as the row. Not part of the EF model: the
/// migration that introduced it creates it, and a later migration that rebuilds the <c>Ticket</c> table (which drops
/// its triggers) must call <see cref="Recreate"/>; a test fails on a migrated database without the triggers.
/// </summary>
/// <remarks>
/// FTS5 needs an integer row id and a ticket's key is a GUID (the table's hidden rowid is not stable: VACUUM and table
/// rebuilds renumber it), so <c>TicketSearchRow</c> gives every ticket a permanent integer. The FTS table is
/// contentless (the text already lives in <c>Ticket.SearchText</c>) with <c>contentless_delete</c>, so a row is removed
/// by its id alone. Tokenizer: <c>unicode61</c> with diacritics folded ("cafe" finds "café"); case never matters.
/// </remarks>
public static class TicketFullText
{
    public const string Table = "TicketSearch";
    public const string RowsTable = "TicketSearchRow";

    public static readonly IReadOnlyList<string> Triggers = ["Ticket_Search_Insert", "Ticket_Search_Update", "Ticket_Search_Delete"];

    private static readonly string[] CreateStatements =
    [
        """
        CREATE TABLE "TicketSearchRow" (
            "RowId" INTEGER NOT NULL PRIMARY KEY,
            "TicketId" TEXT NOT NULL UNIQUE
        )
        """,
        """
        CREATE VIRTUAL TABLE "TicketSearch" USING fts5(
            "Text", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')
        """,
    ];

    private static readonly string[] TriggerStatements =
    [
        """
        CREATE TRIGGER "Ticket_Search_Insert" AFTER INSERT ON "Ticket"
        BEGIN
            INSERT OR IGNORE INTO "TicketSearchRow" ("TicketId") VALUES (new."Id");
            DELETE FROM "TicketSearch" WHERE rowid = (SELECT "RowId" FROM "TicketSearchRow" WHERE "TicketId" = new."Id");
            INSERT INTO "TicketSearch" (rowid, "Text") SELECT "RowId", new."SearchText" FROM "TicketSearchRow" WHERE "TicketId" = new."Id";
        END
        """,
        """
        CREATE TRIGGER "Ticket_Search_Update" AFTER UPDATE OF "SearchText" ON "Ticket"
        WHEN old."SearchText" IS NOT new."SearchText"
        BEGIN
            DELETE FROM "TicketSearch" WHERE rowid = (SELECT "RowId" FROM "TicketSearchRow" WHERE "TicketId" = new."Id");
            INSERT INTO "TicketSearch" (rowid, "Text") SELECT "RowId", new."SearchText" FROM "TicketSearchRow" WHERE "TicketId" = new."Id";
        END
        """,
        """
        CREATE TRIGGER "Ticket_Search_Delete" AFTER DELETE ON "Ticket"
        BEGIN
            DELETE FROM "TicketSearch" WHERE rowid = (SELECT "RowId" FROM "TicketSearchRow" WHERE "TicketId" = old."Id");
            DELETE FROM "TicketSearchRow" WHERE "TicketId" = old."Id";
        END
        """,
    ];

    /// <summary>Indexes every existing ticket: after the tables are created, or to repair the index.</summary>
    private static readonly string[] RebuildStatements =
    [
        """DELETE FROM "TicketSearch" """,
        """DELETE FROM "TicketSearchRow" WHERE "TicketId" NOT IN (SELECT "Id" FROM "Ticket")""",
        """INSERT OR IGNORE INTO "TicketSearchRow" ("TicketId") SELECT "Id" FROM "Ticket" ORDER BY "CreatedAtUtc", "Id" """,
        """
        INSERT INTO "TicketSearch" (rowid, "Text")
        SELECT r."RowId", t."SearchText" FROM "TicketSearchRow" r JOIN "Ticket" t ON t."Id" = r."TicketId"
        """,
    ];

    /// <summary>Creates the index, its triggers, and indexes the tickets already there. SQLite only.</summary>
    public static void Create(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        if (!migrationBuilder.IsSqlite())
        {
            return;
        }

        foreach (var sql in CreateStatements.Concat(TriggerStatements).Concat(RebuildStatements))
        {
            migrationBuilder.Sql(sql);
        }
    }

    /// <summary>
    /// For a migration that rebuilds the <c>Ticket</c> table (SQLite drops a table's triggers with it): puts the
    /// triggers back and re-indexes every ticket. Call it after the rebuild. SQLite only.
    /// </summary>
    public static void Recreate(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        if (!migrationBuilder.IsSqlite())
        {
            return;
        }

        foreach (var trigger in Triggers)
        {
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS \"{trigger}\"");
        }

        foreach (var sql in TriggerStatements.Concat(RebuildStatements))
        {
            migrationBuilder.Sql(sql);
        }
    }

    public static void Drop(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        if (!migrationBuilder.IsSqlite())
        {
            return;
        }

        foreach (var trigger in Triggers)
        {
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS \"{trigger}\"");
        }

        migrationBuilder.Sql($"DROP TABLE IF EXISTS \"{Table}\"");
        migrationBuilder.Sql($"DROP TABLE IF EXISTS \"{RowsTable}\"");
    }

    /// <summary>
    /// The ids of the tickets whose search text matches an FTS5 query built by <c>TicketSearchTerms</c> (never raw user
    /// input), as a subquery the caller composes into its own query. SQLite only.
    /// </summary>
    public static IQueryable<Guid> Matching(GameHostDbContext db, string match)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.SqlQuery<Guid>($"""
            SELECT r."TicketId" AS "Value" FROM "TicketSearchRow" r
            WHERE r."RowId" IN (SELECT rowid FROM "TicketSearch" WHERE "TicketSearch" MATCH {match})
            """);
    }
}
