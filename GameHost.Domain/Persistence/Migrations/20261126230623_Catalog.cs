using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Catalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AddOns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    AmountPerUnit = table.Column<int>(type: "INTEGER", nullable: false),
                    MinQuantity = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxQuantity = table.Column<int>(type: "INTEGER", nullable: false),
                    IncludedQuantity = table.Column<int>(type: "INTEGER", nullable: false),
                    IsArchived = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEs = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AddOns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Games",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DisplayOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEs = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Games", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PromoCodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    NormalizedCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PercentBasisPoints = table.Column<int>(type: "INTEGER", nullable: true),
                    AppliesTo = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DiscountedPeriods = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxUses = table.Column<int>(type: "INTEGER", nullable: true),
                    PerCustomerLimit = table.Column<int>(type: "INTEGER", nullable: true),
                    ValidFromUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ValidUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TariffIds = table.Column<string>(type: "TEXT", nullable: false),
                    Periods = table.Column<string>(type: "TEXT", nullable: false),
                    Currencies = table.Column<string>(type: "TEXT", nullable: false),
                    IsDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromoCodes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AddOnPrices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AddOnId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AddOnPrices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AddOnPrices_AddOns_AddOnId",
                        column: x => x.AddOnId,
                        principalTable: "AddOns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Tariffs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GameId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Visibility = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StockLimit = table.Column<int>(type: "INTEGER", nullable: true),
                    PerCustomerLimit = table.Column<int>(type: "INTEGER", nullable: true),
                    BillingModel = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    DisplayOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsArchived = table.Column<bool>(type: "INTEGER", nullable: false),
                    ArchivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CurrentVersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tariffs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tariffs_Games_GameId",
                        column: x => x.GameId,
                        principalTable: "Games",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PromoFixedAmounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PromoCodeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromoFixedAmounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PromoFixedAmounts_PromoCodes_PromoCodeId",
                        column: x => x.PromoCodeId,
                        principalTable: "PromoCodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PromoRedemptions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PromoCodeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderRequestId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RedeemedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromoRedemptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PromoRedemptions_PromoCodes_PromoCodeId",
                        column: x => x.PromoCodeId,
                        principalTable: "PromoCodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ScheduledPriceChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TariffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromVersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    ToVersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    EffectiveAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NoticeSentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduledPriceChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScheduledPriceChanges_Tariffs_TariffId",
                        column: x => x.TariffId,
                        principalTable: "Tariffs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TariffAddOns",
                columns: table => new
                {
                    TariffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AddOnId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TariffAddOns", x => new { x.TariffId, x.AddOnId });
                    table.ForeignKey(
                        name: "FK_TariffAddOns_AddOns_AddOnId",
                        column: x => x.AddOnId,
                        principalTable: "AddOns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TariffAddOns_Tariffs_TariffId",
                        column: x => x.TariffId,
                        principalTable: "Tariffs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TariffVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TariffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    LocationIds = table.Column<string>(type: "TEXT", nullable: false),
                    NodeIds = table.Column<string>(type: "TEXT", nullable: false),
                    TrialDays = table.Column<int>(type: "INTEGER", nullable: false),
                    DescriptionEn = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DescriptionEs = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    FeatureAllocations = table.Column<int>(type: "INTEGER", nullable: false),
                    FeatureBackups = table.Column<int>(type: "INTEGER", nullable: false),
                    FeatureDatabases = table.Column<int>(type: "INTEGER", nullable: false),
                    DockerImage = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    EggId = table.Column<int>(type: "INTEGER", nullable: false),
                    NestId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartupCommand = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEs = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CpuPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    CpuThreads = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DiskMb = table.Column<int>(type: "INTEGER", nullable: false),
                    IoWeight = table.Column<int>(type: "INTEGER", nullable: false),
                    MemoryMb = table.Column<int>(type: "INTEGER", nullable: false),
                    OomKillerDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    SwapMb = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TariffVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TariffVersions_Tariffs_TariffId",
                        column: x => x.TariffId,
                        principalTable: "Tariffs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TariffEggVariables",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TariffVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    EnvName = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    DefaultValue = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Rules = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CustomerSettable = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TariffEggVariables", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TariffEggVariables_TariffVersions_TariffVersionId",
                        column: x => x.TariffVersionId,
                        principalTable: "TariffVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TariffPrices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TariffVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TariffPrices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TariffPrices_TariffVersions_TariffVersionId",
                        column: x => x.TariffVersionId,
                        principalTable: "TariffVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TariffSetupFees",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TariffVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TariffSetupFees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TariffSetupFees_TariffVersions_TariffVersionId",
                        column: x => x.TariffVersionId,
                        principalTable: "TariffVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AddOnPrices_AddOnId",
                table: "AddOnPrices",
                column: "AddOnId");

            migrationBuilder.CreateIndex(
                name: "IX_AddOns_Key",
                table: "AddOns",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Games_Key",
                table: "Games",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromoCodes_NormalizedCode",
                table: "PromoCodes",
                column: "NormalizedCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromoFixedAmounts_PromoCodeId",
                table: "PromoFixedAmounts",
                column: "PromoCodeId");

            migrationBuilder.CreateIndex(
                name: "IX_PromoRedemptions_OrderRequestId",
                table: "PromoRedemptions",
                column: "OrderRequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromoRedemptions_PromoCodeId_CustomerId",
                table: "PromoRedemptions",
                columns: new[] { "PromoCodeId", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_ScheduledPriceChanges_EffectiveAtUtc",
                table: "ScheduledPriceChanges",
                column: "EffectiveAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_ScheduledPriceChanges_TariffId_EffectiveAtUtc",
                table: "ScheduledPriceChanges",
                columns: new[] { "TariffId", "EffectiveAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_TariffAddOns_AddOnId",
                table: "TariffAddOns",
                column: "AddOnId");

            migrationBuilder.CreateIndex(
                name: "IX_TariffEggVariables_TariffVersionId_EnvName",
                table: "TariffEggVariables",
                columns: new[] { "TariffVersionId", "EnvName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TariffPrices_TariffVersionId",
                table: "TariffPrices",
                column: "TariffVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Tariffs_GameId_DisplayOrder",
                table: "Tariffs",
                columns: new[] { "GameId", "DisplayOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_Tariffs_Slug",
                table: "Tariffs",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TariffSetupFees_TariffVersionId",
                table: "TariffSetupFees",
                column: "TariffVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_TariffVersions_TariffId_Number",
                table: "TariffVersions",
                columns: new[] { "TariffId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AddOnPrices");

            migrationBuilder.DropTable(
                name: "PromoFixedAmounts");

            migrationBuilder.DropTable(
                name: "PromoRedemptions");

            migrationBuilder.DropTable(
                name: "ScheduledPriceChanges");

            migrationBuilder.DropTable(
                name: "TariffAddOns");

            migrationBuilder.DropTable(
                name: "TariffEggVariables");

            migrationBuilder.DropTable(
                name: "TariffPrices");

            migrationBuilder.DropTable(
                name: "TariffSetupFees");

            migrationBuilder.DropTable(
                name: "PromoCodes");

            migrationBuilder.DropTable(
                name: "AddOns");

            migrationBuilder.DropTable(
                name: "TariffVersions");

            migrationBuilder.DropTable(
                name: "Tariffs");

            migrationBuilder.DropTable(
                name: "Games");
        }
    }
}
