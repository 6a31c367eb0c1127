using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SubscriptionPeriods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BillingModel",
                table: "Subscriptions",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "PrepaidPeriodic");

            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyToken",
                table: "Subscriptions",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateTime>(
                name: "CurrentPeriodStartUtc",
                table: "Subscriptions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PaidUntilUtc",
                table: "Subscriptions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ServicePeriodEndUtc",
                table: "Invoices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ServicePeriodStartUtc",
                table: "Invoices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_Status_PaidUntilUtc",
                table: "Subscriptions",
                columns: new[] { "Status", "PaidUntilUtc" });

            // Services paid before periods were tracked: their first period started when their order invoice was paid.
            migrationBuilder.Sql("""
                UPDATE Subscriptions SET CurrentPeriodStartUtc = (
                    SELECT MIN(i.PaidAtUtc) FROM Invoices i WHERE i.SubscriptionId = Subscriptions.Id AND i.Status = 'Paid')
                WHERE Status IN ('Active', 'Suspended');
                UPDATE Subscriptions SET PaidUntilUtc = CASE Period
                    WHEN 'Month1' THEN datetime(CurrentPeriodStartUtc, '+1 months')
                    WHEN 'Month3' THEN datetime(CurrentPeriodStartUtc, '+3 months')
                    WHEN 'Month6' THEN datetime(CurrentPeriodStartUtc, '+6 months')
                    WHEN 'Month12' THEN datetime(CurrentPeriodStartUtc, '+12 months')
                    WHEN 'Hour' THEN datetime(CurrentPeriodStartUtc, '+1 hours')
                    WHEN 'Day' THEN datetime(CurrentPeriodStartUtc, '+1 days')
                    ELSE NULL END
                WHERE CurrentPeriodStartUtc IS NOT NULL;
                UPDATE Subscriptions SET BillingModel = CASE Period
                    WHEN 'Hour' THEN 'PayAsYouGoHourly' WHEN 'Day' THEN 'PayAsYouGoDaily' ELSE 'PrepaidPeriodic' END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_Status_PaidUntilUtc",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "BillingModel",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "ConcurrencyToken",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "CurrentPeriodStartUtc",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "PaidUntilUtc",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "ServicePeriodEndUtc",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "ServicePeriodStartUtc",
                table: "Invoices");
        }
    }
}
