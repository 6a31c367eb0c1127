using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class HelpdeskSlaPauseAndTicketTexts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TextCode",
                table: "TicketMessage",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PriceDeclinedAtUtc",
                table: "Ticket",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolutionPausedAtUtc",
                table: "Ticket",
                type: "TEXT",
                nullable: true);

            // Tickets already waiting for the customer (2) or on hold (3) have their resolution clock paused from when
            // they started waiting (else from their last change), so the SLA sweep does not breach them on upgrade.
            migrationBuilder.Sql("""
                UPDATE "Ticket" SET "ResolutionPausedAtUtc" = COALESCE("WaitingSinceUtc", "UpdatedAtUtc")
                WHERE "State" IN (2, 3);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TextCode",
                table: "TicketMessage");

            migrationBuilder.DropColumn(
                name: "PriceDeclinedAtUtc",
                table: "Ticket");

            migrationBuilder.DropColumn(
                name: "ResolutionPausedAtUtc",
                table: "Ticket");
        }
    }
}
