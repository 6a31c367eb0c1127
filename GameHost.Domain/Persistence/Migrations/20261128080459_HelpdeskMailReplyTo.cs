using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class HelpdeskMailReplyTo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsAutomatic",
                table: "OutboundEmails",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ReplyTo",
                table: "OutboundEmails",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OutboundEmailAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OutboundEmailId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboundEmailAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboundEmailAttachments_OutboundEmails_OutboundEmailId",
                        column: x => x.OutboundEmailId,
                        principalTable: "OutboundEmails",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutboundEmailAttachments_OutboundEmailId",
                table: "OutboundEmailAttachments",
                column: "OutboundEmailId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutboundEmailAttachments");

            migrationBuilder.DropColumn(
                name: "IsAutomatic",
                table: "OutboundEmails");

            migrationBuilder.DropColumn(
                name: "ReplyTo",
                table: "OutboundEmails");
        }
    }
}
