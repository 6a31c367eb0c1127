using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PanelSettingsAndCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PanelEggs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    NestId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Startup = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PanelEggs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PanelLocations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 191, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PanelLocations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PanelNests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PanelNests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PanelNodes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    LocationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    Fqdn = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Public = table.Column<bool>(type: "INTEGER", nullable: false),
                    MaintenanceMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    MemoryMb = table.Column<int>(type: "INTEGER", nullable: false),
                    MemoryOverallocatePercent = table.Column<int>(type: "INTEGER", nullable: false),
                    DiskMb = table.Column<int>(type: "INTEGER", nullable: false),
                    DiskOverallocatePercent = table.Column<int>(type: "INTEGER", nullable: false),
                    AllocatedMemoryMb = table.Column<int>(type: "INTEGER", nullable: false),
                    AllocatedDiskMb = table.Column<int>(type: "INTEGER", nullable: false),
                    FreeAllocations = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PanelNodes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PanelSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    PanelUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    PublicPanelUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ProtectedApiKey = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ApiKeyHint = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SyncIntervalMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastTestAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastTestSucceeded = table.Column<bool>(type: "INTEGER", nullable: true),
                    LastTestProblem = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    LastTestDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastSyncAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSyncSucceeded = table.Column<bool>(type: "INTEGER", nullable: true),
                    LastSyncProblem = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    LastSyncDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CatalogSyncedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CatalogLocations = table.Column<int>(type: "INTEGER", nullable: false),
                    CatalogNodes = table.Column<int>(type: "INTEGER", nullable: false),
                    CatalogNests = table.Column<int>(type: "INTEGER", nullable: false),
                    CatalogEggs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PanelSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PanelEggDockerImages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EggId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    Image = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PanelEggDockerImages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PanelEggDockerImages_PanelEggs_EggId",
                        column: x => x.EggId,
                        principalTable: "PanelEggs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PanelEggVariables",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EggId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    EnvVariable = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    DefaultValue = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    UserViewable = table.Column<bool>(type: "INTEGER", nullable: false),
                    UserEditable = table.Column<bool>(type: "INTEGER", nullable: false),
                    Rules = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PanelEggVariables", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PanelEggVariables_PanelEggs_EggId",
                        column: x => x.EggId,
                        principalTable: "PanelEggs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PanelEggDockerImages_EggId",
                table: "PanelEggDockerImages",
                column: "EggId");

            migrationBuilder.CreateIndex(
                name: "IX_PanelEggs_NestId",
                table: "PanelEggs",
                column: "NestId");

            migrationBuilder.CreateIndex(
                name: "IX_PanelEggVariables_EggId",
                table: "PanelEggVariables",
                column: "EggId");

            migrationBuilder.CreateIndex(
                name: "IX_PanelNodes_LocationId",
                table: "PanelNodes",
                column: "LocationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PanelEggDockerImages");

            migrationBuilder.DropTable(
                name: "PanelEggVariables");

            migrationBuilder.DropTable(
                name: "PanelLocations");

            migrationBuilder.DropTable(
                name: "PanelNests");

            migrationBuilder.DropTable(
                name: "PanelNodes");

            migrationBuilder.DropTable(
                name: "PanelSettings");

            migrationBuilder.DropTable(
                name: "PanelEggs");
        }
    }
}
