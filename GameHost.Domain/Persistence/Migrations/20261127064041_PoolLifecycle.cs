using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PoolLifecycle : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PoolResizes");

            migrationBuilder.DropColumn(
                name: "EndsAtUtc",
                table: "ResourcePools");

            migrationBuilder.DropColumn(
                name: "SuspendedAtUtc",
                table: "ResourcePools");
        }
    }
}
