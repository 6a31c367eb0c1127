using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PoolLifecycleAndHelpdesk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EndsAtUtc",
                table: "ResourcePools",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SuspendedAtUtc",
                table: "ResourcePools",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PoolResizes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FromPlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToPlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemoryMb = table.Column<int>(type: "INTEGER", nullable: false),
                    DiskMb = table.Column<int>(type: "INTEGER", nullable: false),
                    CpuPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxServers = table.Column<int>(type: "INTEGER", nullable: false),
                    PeriodEndUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AppliedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NewRecurringNetCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    NewRecurringNetMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    OldRecurringNetCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    OldRecurringNetMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    ProratedNetCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    ProratedNetMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    ProratedTaxCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    ProratedTaxMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoolResizes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PoolResizes_Invoices_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "Invoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PoolResizes_ResourcePools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "ResourcePools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupportDepartment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    BusinessDays = table.Column<int>(type: "INTEGER", nullable: false),
                    OpensAtMinute = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosesAtMinute = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeZoneId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PaidMode = table.Column<int>(type: "INTEGER", nullable: false),
                    PriceMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    PriceCurrency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    IncidentsPerPack = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportDepartment", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SupportMailImports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FromAddress = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TicketMessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ImportedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportMailImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SupportMailSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    Security = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    ProtectedPassword = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    InboxFolder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProcessedFolder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FailedFolder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AutoReplyFolder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnknownSenders = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastRunAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastRunSucceeded = table.Column<bool>(type: "INTEGER", nullable: true),
                    LastRunDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportMailSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CannedReply",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Scope = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CannedReply", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CannedReply_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CannedReply_SupportDepartment_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "SupportDepartment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SlaPolicy",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstResponseMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolutionMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    NotifyOnBreach = table.Column<bool>(type: "INTEGER", nullable: false),
                    RaisePriorityOnBreach = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReassignToUserId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlaPolicy", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SlaPolicy_AspNetUsers_ReassignToUserId",
                        column: x => x.ReassignToUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_SlaPolicy_SupportDepartment_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "SupportDepartment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupportDepartmentMember",
                columns: table => new
                {
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportDepartmentMember", x => new { x.DepartmentId, x.UserId });
                    table.ForeignKey(
                        name: "FK_SupportDepartmentMember_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SupportDepartmentMember_SupportDepartment_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "SupportDepartment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupportIncidentBalance",
                columns: table => new
                {
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Remaining = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportIncidentBalance", x => new { x.CustomerId, x.DepartmentId });
                    table.ForeignKey(
                        name: "FK_SupportIncidentBalance_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SupportIncidentBalance_SupportDepartment_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "SupportDepartment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Ticket",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    AssigneeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ServiceLabel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    MergedIntoTicketId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastPublicByStaff = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstResponseAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FirstResponseDueAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolutionDueAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WaitingSinceUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AutoCloseWarnedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FirstResponseBreachedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolutionBreachedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PriceMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    PriceCurrency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: true),
                    PriceApprovedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SearchText = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Ticket", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Ticket_AspNetUsers_AssigneeId",
                        column: x => x.AssigneeId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Ticket_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Ticket_SupportDepartment_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "SupportDepartment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Ticket_Ticket_MergedIntoTicketId",
                        column: x => x.MergedIntoTicketId,
                        principalTable: "Ticket",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TicketMessage",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    IsStaff = table.Column<bool>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    MailMessageId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    InReplyTo = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Rating = table.Column<int>(type: "INTEGER", nullable: true),
                    RatingComment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketMessage", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketMessage_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_TicketMessage_Ticket_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Ticket",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TicketTag",
                columns: table => new
                {
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketTag", x => new { x.TicketId, x.Tag });
                    table.ForeignKey(
                        name: "FK_TicketTag_Ticket_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Ticket",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TicketAttachment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketAttachment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketAttachment_TicketMessage_MessageId",
                        column: x => x.MessageId,
                        principalTable: "TicketMessage",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CannedReply_DepartmentId",
                table: "CannedReply",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_CannedReply_OwnerId",
                table: "CannedReply",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_CannedReply_Scope_Title",
                table: "CannedReply",
                columns: new[] { "Scope", "Title" });

            migrationBuilder.CreateIndex(
                name: "IX_PoolResizes_InvoiceId",
                table: "PoolResizes",
                column: "InvoiceId");

            migrationBuilder.CreateIndex(
                name: "IX_PoolResizes_PoolId_Status",
                table: "PoolResizes",
                columns: new[] { "PoolId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PoolResizes_RequestId",
                table: "PoolResizes",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SlaPolicy_DepartmentId_Priority",
                table: "SlaPolicy",
                columns: new[] { "DepartmentId", "Priority" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SlaPolicy_ReassignToUserId",
                table: "SlaPolicy",
                column: "ReassignToUserId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportDepartmentMember_UserId",
                table: "SupportDepartmentMember",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportIncidentBalance_DepartmentId",
                table: "SupportIncidentBalance",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportMailImports_ImportedAtUtc",
                table: "SupportMailImports",
                column: "ImportedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_SupportMailImports_MessageKey",
                table: "SupportMailImports",
                column: "MessageKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_AssigneeId_State",
                table: "Ticket",
                columns: new[] { "AssigneeId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_CustomerId_UpdatedAtUtc",
                table: "Ticket",
                columns: new[] { "CustomerId", "UpdatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_DepartmentId_State",
                table: "Ticket",
                columns: new[] { "DepartmentId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_MergedIntoTicketId",
                table: "Ticket",
                column: "MergedIntoTicketId");

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_Reference",
                table: "Ticket",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_State_FirstResponseDueAtUtc",
                table: "Ticket",
                columns: new[] { "State", "FirstResponseDueAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_State_ResolutionDueAtUtc",
                table: "Ticket",
                columns: new[] { "State", "ResolutionDueAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_State_UpdatedAtUtc",
                table: "Ticket",
                columns: new[] { "State", "UpdatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_State_WaitingSinceUtc",
                table: "Ticket",
                columns: new[] { "State", "WaitingSinceUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_UpdatedAtUtc",
                table: "Ticket",
                column: "UpdatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_TicketAttachment_MessageId",
                table: "TicketAttachment",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_TicketAttachment_StoredName",
                table: "TicketAttachment",
                column: "StoredName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TicketAttachment_TicketId",
                table: "TicketAttachment",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_TicketMessage_AuthorId_Rating",
                table: "TicketMessage",
                columns: new[] { "AuthorId", "Rating" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketMessage_MailMessageId",
                table: "TicketMessage",
                column: "MailMessageId",
                unique: true,
                filter: "\"MailMessageId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TicketMessage_TicketId_CreatedAtUtc",
                table: "TicketMessage",
                columns: new[] { "TicketId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketTag_Tag",
                table: "TicketTag",
                column: "Tag");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CannedReply");

            migrationBuilder.DropTable(
                name: "PoolResizes");

            migrationBuilder.DropTable(
                name: "SlaPolicy");

            migrationBuilder.DropTable(
                name: "SupportDepartmentMember");

            migrationBuilder.DropTable(
                name: "SupportIncidentBalance");

            migrationBuilder.DropTable(
                name: "SupportMailImports");

            migrationBuilder.DropTable(
                name: "SupportMailSettings");

            migrationBuilder.DropTable(
                name: "TicketAttachment");

            migrationBuilder.DropTable(
                name: "TicketTag");

            migrationBuilder.DropTable(
                name: "TicketMessage");

            migrationBuilder.DropTable(
                name: "Ticket");

            migrationBuilder.DropTable(
                name: "SupportDepartment");

            migrationBuilder.DropColumn(
                name: "EndsAtUtc",
                table: "ResourcePools");

            migrationBuilder.DropColumn(
                name: "SuspendedAtUtc",
                table: "ResourcePools");
        }
    }
}
