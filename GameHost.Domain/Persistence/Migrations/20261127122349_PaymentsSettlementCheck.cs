using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PaymentsSettlementCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LastCheckNote",
                table: "PaymentRefunds",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastCheckedAtUtc",
                table: "PaymentRefunds",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "PaymentRefunds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "SettlementDifferences",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatewayAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatewayCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TransactionId = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    RecordedAmountMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    RecordedCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    DayUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AttemptReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DetectedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementDifferences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SettlementDifferences_GatewayAccounts_GatewayAccountId",
                        column: x => x.GatewayAccountId,
                        principalTable: "GatewayAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRefunds_State_LastCheckedAtUtc",
                table: "PaymentRefunds",
                columns: new[] { "State", "LastCheckedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SettlementDifferences_DayUtc",
                table: "SettlementDifferences",
                column: "DayUtc");

            migrationBuilder.CreateIndex(
                name: "IX_SettlementDifferences_GatewayAccountId_Kind_TransactionId",
                table: "SettlementDifferences",
                columns: new[] { "GatewayAccountId", "Kind", "TransactionId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SettlementDifferences");

            migrationBuilder.DropIndex(
                name: "IX_PaymentRefunds_State_LastCheckedAtUtc",
                table: "PaymentRefunds");

            migrationBuilder.DropColumn(
                name: "LastCheckNote",
                table: "PaymentRefunds");

            migrationBuilder.DropColumn(
                name: "LastCheckedAtUtc",
                table: "PaymentRefunds");

            migrationBuilder.DropColumn(
                name: "State",
                table: "PaymentRefunds");
        }
    }
}
