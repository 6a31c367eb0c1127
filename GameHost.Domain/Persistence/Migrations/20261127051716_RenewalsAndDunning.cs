using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RenewalsAndDunning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BillingGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    PromisesAllowed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PromiseDays = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxPromisesPerWindow = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowDays = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxAmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    GoodStandingMaxOverdueDays = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BillingGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DunningHolds",
                columns: table => new
                {
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UntilUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SetByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SetAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DunningHolds", x => x.CustomerId);
                    table.ForeignKey(
                        name: "FK_DunningHolds_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DunningPolicies",
                columns: table => new
                {
                    TariffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SuspendAfterDays = table.Column<int>(type: "INTEGER", nullable: false),
                    TerminateAfterDays = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DunningPolicies", x => x.TariffId);
                    table.ForeignKey(
                        name: "FK_DunningPolicies_Tariffs_TariffId",
                        column: x => x.TariffId,
                        principalTable: "Tariffs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DunningSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Offset = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DunningSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DunningSteps_Invoices_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "Invoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PromisedPayments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SettledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpiringNoticeAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromisedPayments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PromisedPayments_Invoices_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "Invoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BillingGroupMembers",
                columns: table => new
                {
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BillingGroupMembers", x => x.CustomerId);
                    table.ForeignKey(
                        name: "FK_BillingGroupMembers_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BillingGroupMembers_BillingGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "BillingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "BillingGroups",
                columns: new[] { "Id", "ConcurrencyToken", "GoodStandingMaxOverdueDays", "IsDefault", "MaxAmountMinor", "MaxPromisesPerWindow", "Name", "PromiseDays", "PromisesAllowed", "UpdatedAtUtc", "WindowDays" },
                values: new object[] { new Guid("8d3c7a2e-4b1f-4e6a-9f0d-2c5b6a7e8f90"), new Guid("0b6f3d2a-7c4e-4a8b-9e1f-3d5c7b9a1e20"), 0, true, 0L, 1, "Default", 3, true, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 90 });

            migrationBuilder.CreateIndex(
                name: "IX_BillingGroupMembers_GroupId",
                table: "BillingGroupMembers",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_BillingGroups_Name",
                table: "BillingGroups",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DunningSteps_CustomerId_AtUtc",
                table: "DunningSteps",
                columns: new[] { "CustomerId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_DunningSteps_InvoiceId_Kind_Offset",
                table: "DunningSteps",
                columns: new[] { "InvoiceId", "Kind", "Offset" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromisedPayments_CustomerId_StartedAtUtc",
                table: "PromisedPayments",
                columns: new[] { "CustomerId", "StartedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PromisedPayments_InvoiceId",
                table: "PromisedPayments",
                column: "InvoiceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromisedPayments_RequestId",
                table: "PromisedPayments",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromisedPayments_Status_EndsAtUtc",
                table: "PromisedPayments",
                columns: new[] { "Status", "EndsAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BillingGroupMembers");

            migrationBuilder.DropTable(
                name: "DunningHolds");

            migrationBuilder.DropTable(
                name: "DunningPolicies");

            migrationBuilder.DropTable(
                name: "DunningSteps");

            migrationBuilder.DropTable(
                name: "PromisedPayments");

            migrationBuilder.DropTable(
                name: "BillingGroups");
        }
    }
}
