using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ProvisioningLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GameServers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    NestId = table.Column<int>(type: "INTEGER", nullable: false),
                    EggId = table.Column<int>(type: "INTEGER", nullable: false),
                    DockerImage = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Startup = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    EnvironmentJson = table.Column<string>(type: "TEXT", nullable: false),
                    LocationId = table.Column<int>(type: "INTEGER", nullable: false),
                    NodeIds = table.Column<string>(type: "TEXT", nullable: false),
                    TariffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TariffVersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    AddOnsJson = table.Column<string>(type: "TEXT", nullable: false),
                    SuspendRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    PanelServerId = table.Column<int>(type: "INTEGER", nullable: true),
                    PanelUuid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PanelIdentifier = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PanelNodeId = table.Column<int>(type: "INTEGER", nullable: true),
                    PanelAllocationId = table.Column<int>(type: "INTEGER", nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    PanelStatus = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    PanelStatusSeenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    InstallCompleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    AutomaticReinstalls = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstActiveAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DelayNoticeSentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastTaskSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    FeatureAllocations = table.Column<int>(type: "INTEGER", nullable: false),
                    FeatureBackups = table.Column<int>(type: "INTEGER", nullable: false),
                    FeatureDatabases = table.Column<int>(type: "INTEGER", nullable: false),
                    CpuPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    CpuThreads = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DiskMb = table.Column<int>(type: "INTEGER", nullable: false),
                    IoWeight = table.Column<int>(type: "INTEGER", nullable: false),
                    MemoryMb = table.Column<int>(type: "INTEGER", nullable: false),
                    OomDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    SwapMb = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GameServers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GameServers_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GameServers_Tariffs_TariffId",
                        column: x => x.TariffId,
                        principalTable: "Tariffs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PanelAccounts",
                columns: table => new
                {
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PanelUserId = table.Column<int>(type: "INTEGER", nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PanelAccounts", x => x.CustomerId);
                    table.ForeignKey(
                        name: "FK_PanelAccounts_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProvisioningQueue",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    PausedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PausedByTaskId = table.Column<long>(type: "INTEGER", nullable: true),
                    PauseCode = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PauseDetail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningQueue", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProvisioningTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GameServerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    DueAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeaseExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    StepStartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastErrorKind = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    LastErrorCode = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LastErrorDetail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastErrorField = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LastErrorHttpStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TimesFailed = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProvisioningTasks_GameServers_GameServerId",
                        column: x => x.GameServerId,
                        principalTable: "GameServers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "ProvisioningQueue",
                columns: new[] { "Id", "PauseCode", "PauseDetail", "PausedAtUtc", "PausedByTaskId" },
                values: new object[] { 1, null, null, null, null });

            migrationBuilder.CreateIndex(
                name: "IX_GameServers_CustomerId_State",
                table: "GameServers",
                columns: new[] { "CustomerId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_GameServers_SubscriptionId",
                table: "GameServers",
                column: "SubscriptionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GameServers_TariffId_State",
                table: "GameServers",
                columns: new[] { "TariffId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_PanelAccounts_PanelUserId",
                table: "PanelAccounts",
                column: "PanelUserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningTasks_GameServerId_Sequence",
                table: "ProvisioningTasks",
                columns: new[] { "GameServerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningTasks_State_DueAtUtc",
                table: "ProvisioningTasks",
                columns: new[] { "State", "DueAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PanelAccounts");

            migrationBuilder.DropTable(
                name: "ProvisioningQueue");

            migrationBuilder.DropTable(
                name: "ProvisioningTasks");

            migrationBuilder.DropTable(
                name: "GameServers");
        }
    }
}
