using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RefundsPoolDunningAndHelpdeskAdmin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "Ticket",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "GuestEmail",
                table: "Ticket",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GuestName",
                table: "Ticket",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PriceInvoiceId",
                table: "Ticket",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AutoCloseAfterDays",
                table: "SupportDepartment",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AutoCloseWarningDays",
                table: "SupportDepartment",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "SupportDepartment",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AlterColumn<Guid>(
                name: "SubscriptionId",
                table: "PromisedPayments",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<Guid>(
                name: "PoolId",
                table: "PromisedPayments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "InvoiceId",
                table: "PaymentRefunds",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAtUtc",
                table: "CannedReply",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "CannedReply",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "PoolDunningPolicies",
                columns: table => new
                {
                    PoolPlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SuspendAfterDays = table.Column<int>(type: "INTEGER", nullable: false),
                    TerminateAfterDays = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoolDunningPolicies", x => x.PoolPlanId);
                    table.ForeignKey(
                        name: "FK_PoolDunningPolicies_PoolPlans_PoolPlanId",
                        column: x => x.PoolPlanId,
                        principalTable: "PoolPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupportPackPurchase",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Incidents = table.Column<int>(type: "INTEGER", nullable: false),
                    PriceMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    PriceCurrency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreditedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportPackPurchase", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportPackPurchase_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SupportPackPurchase_SupportDepartment_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "SupportDepartment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Ticket_GuestEmail",
                table: "Ticket",
                column: "GuestEmail",
                filter: "\"GuestEmail\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRefunds_HeldPayment",
                table: "PaymentRefunds",
                column: "PaymentId",
                unique: true,
                filter: "\"CreditNoteId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SupportPackPurchase_CustomerId_CreditedAtUtc",
                table: "SupportPackPurchase",
                columns: new[] { "CustomerId", "CreditedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SupportPackPurchase_DepartmentId",
                table: "SupportPackPurchase",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportPackPurchase_RequestId",
                table: "SupportPackPurchase",
                column: "RequestId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PoolDunningPolicies");

            migrationBuilder.DropTable(
                name: "SupportPackPurchase");

            migrationBuilder.DropIndex(
                name: "IX_Ticket_GuestEmail",
                table: "Ticket");

            migrationBuilder.DropIndex(
                name: "IX_PaymentRefunds_HeldPayment",
                table: "PaymentRefunds");

            migrationBuilder.DropColumn(
                name: "GuestEmail",
                table: "Ticket");

            migrationBuilder.DropColumn(
                name: "GuestName",
                table: "Ticket");

            migrationBuilder.DropColumn(
                name: "PriceInvoiceId",
                table: "Ticket");

            migrationBuilder.DropColumn(
                name: "AutoCloseAfterDays",
                table: "SupportDepartment");

            migrationBuilder.DropColumn(
                name: "AutoCloseWarningDays",
                table: "SupportDepartment");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "SupportDepartment");

            migrationBuilder.DropColumn(
                name: "PoolId",
                table: "PromisedPayments");

            migrationBuilder.DropColumn(
                name: "UpdatedAtUtc",
                table: "CannedReply");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "CannedReply");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "Ticket",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "SubscriptionId",
                table: "PromisedPayments",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "InvoiceId",
                table: "PaymentRefunds",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
