using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BillingS6 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PoolDunningPolicies");

            migrationBuilder.DropColumn(
                name: "PoolId",
                table: "PromisedPayments");

            migrationBuilder.AlterColumn<Guid>(
                name: "SubscriptionId",
                table: "PromisedPayments",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
