using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TicketSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Ticket_DepartmentId_AssigneeId_UpdatedAtUtc_State",
                table: "Ticket",
                columns: new[] { "DepartmentId", "AssigneeId", "UpdatedAtUtc", "State" });

            // The staff queue's full-text search (SQLite FTS5, kept in step by triggers); indexes the existing tickets.
            GameHost.Domain.Support.Persistence.TicketFullText.Create(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            GameHost.Domain.Support.Persistence.TicketFullText.Drop(migrationBuilder);

            migrationBuilder.DropIndex(
                name: "IX_Ticket_DepartmentId_AssigneeId_UpdatedAtUtc_State",
                table: "Ticket");
        }
    }
}
