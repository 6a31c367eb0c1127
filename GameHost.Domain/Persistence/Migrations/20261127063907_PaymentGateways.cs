using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GameHost.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PaymentGateways : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "LedgerTransactionId",
                table: "Payments",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<Guid>(
                name: "AttemptId",
                table: "Payments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "GatewayAccountId",
                table: "Payments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HeldForReview",
                table: "Payments",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "GatewayAccounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatewayCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    Currencies = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DisplayOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    FeeFixedMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    FeeBasisPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    ProtectedSettings = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PaymentRefunds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToOriginalMethod = table.Column<bool>(type: "INTEGER", nullable: false),
                    GatewayRefundId = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreditNoteId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActorUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentRefunds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaymentRefunds_Payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "Payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "GatewayEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatewayAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatewayCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Headers = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AttemptId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClaimedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextTryAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ProcessedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GatewayEvents_GatewayAccounts_GatewayAccountId",
                        column: x => x.GatewayAccountId,
                        principalTable: "GatewayAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PaymentAttempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    InvoiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    GatewayAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatewayCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SavedMethodId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    GatewayReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TransactionId = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    RedirectUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastErrorCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LastErrorMessage = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Checks = table.Column<int>(type: "INTEGER", nullable: false),
                    NextCheckAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConcurrencyToken = table.Column<Guid>(type: "TEXT", nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 3, nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaymentAttempts_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PaymentAttempts_GatewayAccounts_GatewayAccountId",
                        column: x => x.GatewayAccountId,
                        principalTable: "GatewayAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SavedPaymentMethods",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GatewayAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    MethodReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastFailedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastFailure = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedPaymentMethods", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedPaymentMethods_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SavedPaymentMethods_GatewayAccounts_GatewayAccountId",
                        column: x => x.GatewayAccountId,
                        principalTable: "GatewayAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_AttemptId",
                table: "Payments",
                column: "AttemptId");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_HeldForReview",
                table: "Payments",
                column: "HeldForReview");

            migrationBuilder.CreateIndex(
                name: "IX_GatewayAccounts_Enabled_DisplayOrder",
                table: "GatewayAccounts",
                columns: new[] { "Enabled", "DisplayOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayEvents_GatewayAccountId_EventId",
                table: "GatewayEvents",
                columns: new[] { "GatewayAccountId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GatewayEvents_Status_NextTryAtUtc",
                table: "GatewayEvents",
                columns: new[] { "Status", "NextTryAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAttempts_CustomerId_RequestId",
                table: "PaymentAttempts",
                columns: new[] { "CustomerId", "RequestId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAttempts_GatewayAccountId",
                table: "PaymentAttempts",
                column: "GatewayAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAttempts_InvoiceId_Status",
                table: "PaymentAttempts",
                columns: new[] { "InvoiceId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAttempts_NextCheckAtUtc",
                table: "PaymentAttempts",
                column: "NextCheckAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRefunds_GatewayRefundId",
                table: "PaymentRefunds",
                column: "GatewayRefundId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRefunds_PaymentId",
                table: "PaymentRefunds",
                column: "PaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRefunds_RequestId",
                table: "PaymentRefunds",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SavedPaymentMethods_CustomerId_Priority",
                table: "SavedPaymentMethods",
                columns: new[] { "CustomerId", "Priority" });

            migrationBuilder.CreateIndex(
                name: "IX_SavedPaymentMethods_GatewayAccountId_MethodReference",
                table: "SavedPaymentMethods",
                columns: new[] { "GatewayAccountId", "MethodReference" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GatewayEvents");

            migrationBuilder.DropTable(
                name: "PaymentAttempts");

            migrationBuilder.DropTable(
                name: "PaymentRefunds");

            migrationBuilder.DropTable(
                name: "SavedPaymentMethods");

            migrationBuilder.DropTable(
                name: "GatewayAccounts");

            migrationBuilder.DropIndex(
                name: "IX_Payments_AttemptId",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_Payments_HeldForReview",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "AttemptId",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "GatewayAccountId",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "HeldForReview",
                table: "Payments");

            migrationBuilder.AlterColumn<Guid>(
                name: "LedgerTransactionId",
                table: "Payments",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
