using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LiveChat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChatConversation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    StaffId = table.Column<Guid>(type: "TEXT", nullable: true),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnsweredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastMessageAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastCustomerMessageAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastStaffMessageAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedBy = table.Column<int>(type: "INTEGER", nullable: true),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LineCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatConversation", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChatConversation_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChatConversation_AspNetUsers_StaffId",
                        column: x => x.StaffId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ChatConversation_SupportDepartment_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "SupportDepartment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChatConversation_Ticket_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Ticket",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ChatLine",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    IsStaff = table.Column<bool>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatLine", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChatLine_ChatConversation_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "ChatConversation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChatConversation_CustomerId_Open",
                table: "ChatConversation",
                column: "CustomerId",
                unique: true,
                filter: "\"State\" <> 2");

            migrationBuilder.CreateIndex(
                name: "IX_ChatConversation_CustomerId_StartedAtUtc",
                table: "ChatConversation",
                columns: new[] { "CustomerId", "StartedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ChatConversation_DepartmentId",
                table: "ChatConversation",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_ChatConversation_StaffId",
                table: "ChatConversation",
                column: "StaffId");

            migrationBuilder.CreateIndex(
                name: "IX_ChatConversation_State_ClosedAtUtc",
                table: "ChatConversation",
                columns: new[] { "State", "ClosedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ChatConversation_State_LastMessageAtUtc",
                table: "ChatConversation",
                columns: new[] { "State", "LastMessageAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ChatConversation_TicketId",
                table: "ChatConversation",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_ChatLine_ConversationId_Number",
                table: "ChatLine",
                columns: new[] { "ConversationId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChatLine_RequestId",
                table: "ChatLine",
                column: "RequestId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatLine");

            migrationBuilder.DropTable(
                name: "ChatConversation");
        }
    }
}
