using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TicketRequestIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RequestId",
                table: "TicketMessage",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_TicketMessage_RequestId",
                table: "TicketMessage",
                column: "RequestId",
                unique: true,
                filter: "\"RequestId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TicketMessage_RequestId",
                table: "TicketMessage");

            migrationBuilder.DropColumn(
                name: "RequestId",
                table: "TicketMessage");
        }
    }
}
