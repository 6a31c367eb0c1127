using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TicketQueueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Ticket_AssigneeId_State",
                table: "Ticket");

            migrationBuilder.DropIndex(
                name: "IX_Ticket_DepartmentId_State",
                table: "Ticket");

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_AssigneeId_UpdatedAtUtc_State",
                table: "Ticket",
                columns: new[] { "AssigneeId", "UpdatedAtUtc", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_DepartmentId_UpdatedAtUtc_State",
                table: "Ticket",
                columns: new[] { "DepartmentId", "UpdatedAtUtc", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_Priority_UpdatedAtUtc_State",
                table: "Ticket",
                columns: new[] { "Priority", "UpdatedAtUtc", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Ticket_AssigneeId_UpdatedAtUtc_State",
                table: "Ticket");

            migrationBuilder.DropIndex(
                name: "IX_Ticket_DepartmentId_UpdatedAtUtc_State",
                table: "Ticket");

            migrationBuilder.DropIndex(
                name: "IX_Ticket_Priority_UpdatedAtUtc_State",
                table: "Ticket");

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_AssigneeId_State",
                table: "Ticket",
                columns: new[] { "AssigneeId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_DepartmentId_State",
                table: "Ticket",
                columns: new[] { "DepartmentId", "State" });
        }
    }
}
