using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Payments.Persistence;

public static class GatewaySets
{
    public static DbSet<GatewayAccount> GatewayAccounts(this GameHostDbContext db) => Guard(db).Set<GatewayAccount>();

    public static DbSet<PaymentAttempt> PaymentAttempts(this GameHostDbContext db) => Guard(db).Set<PaymentAttempt>();

    public static DbSet<GatewayEvent> GatewayEvents(this GameHostDbContext db) => Guard(db).Set<GatewayEvent>();

    public static DbSet<SavedPaymentMethod> SavedPaymentMethods(this GameHostDbContext db) => Guard(db).Set<SavedPaymentMethod>();

    public static DbSet<PaymentRefund> PaymentRefunds(this GameHostDbContext db) => Guard(db).Set<PaymentRefund>();

    public static DbSet<SettlementDifference> SettlementDifferences(this GameHostDbContext db) => Guard(db).Set<SettlementDifference>();

    private static GameHostDbContext Guard(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}

internal sealed class GatewayAccountConfiguration : IEntityTypeConfiguration<GatewayAccount>
{
    public void Configure(EntityTypeBuilder<GatewayAccount> builder)
    {
        builder.ToTable("GatewayAccounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.GatewayCode).HasMaxLength(30).IsRequired();
        builder.Property(a => a.DisplayName).HasMaxLength(GatewayAccount.MaxDisplayNameLength).IsRequired();
        builder.Property(a => a.Currencies).HasMaxLength(200);
        builder.Property(a => a.ProtectedSettings).IsRequired();
        builder.Property(a => a.ConcurrencyToken).IsConcurrencyToken();
        builder.Ignore(a => a.CurrencyCodes);
        builder.HasIndex(a => new { a.Enabled, a.DisplayOrder });
    }
}

internal sealed class PaymentAttemptConfiguration : IEntityTypeConfiguration<PaymentAttempt>
{
    public void Configure(EntityTypeBuilder<PaymentAttempt> builder)
    {
        builder.ToTable("PaymentAttempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.GatewayCode).HasMaxLength(30).IsRequired();
        builder.Property(a => a.Purpose).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(24);
        builder.ComplexProperty(a => a.Amount, m => m.IsMoney("Amount"));
        builder.Property(a => a.RequestId).HasMaxLength(PaymentAttempt.MaxRequestIdLength).IsRequired();
        builder.Property(a => a.GatewayReference).HasMaxLength(200);
        builder.Property(a => a.TransactionId).HasMaxLength(Payment.MaxTransactionIdLength);
        builder.Property(a => a.RedirectUrl).HasMaxLength(2000);
        builder.Property(a => a.LastErrorCode).HasMaxLength(100);
        builder.Property(a => a.LastErrorMessage).HasMaxLength(500);
        builder.Property(a => a.ConcurrencyToken).IsConcurrencyToken();
        builder.Ignore(a => a.IsFinal);
        // A double click or a second tab with the same form finds the first attempt.
        builder.HasIndex(a => new { a.CustomerId, a.RequestId }).IsUnique();
        builder.HasIndex(a => new { a.InvoiceId, a.Status });
        builder.HasIndex(a => a.NextCheckAtUtc);
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<GatewayAccount>().WithMany().HasForeignKey(a => a.GatewayAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GatewayEventConfiguration : IEntityTypeConfiguration<GatewayEvent>
{
    public void Configure(EntityTypeBuilder<GatewayEvent> builder)
    {
        builder.ToTable("GatewayEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.GatewayCode).HasMaxLength(30).IsRequired();
        builder.Property(e => e.EventId).HasMaxLength(GatewayEvent.MaxEventIdLength).IsRequired();
        builder.Property(e => e.EventType).HasMaxLength(100).IsRequired();
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(e => e.Reason).HasMaxLength(500);
        // The inbox's idempotency key: one row per account and provider event, however often it is delivered.
        builder.HasIndex(e => new { e.GatewayAccountId, e.EventId }).IsUnique();
        builder.HasIndex(e => new { e.Status, e.NextTryAtUtc });
        builder.HasOne<GatewayAccount>().WithMany().HasForeignKey(e => e.GatewayAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SavedPaymentMethodConfiguration : IEntityTypeConfiguration<SavedPaymentMethod>
{
    public void Configure(EntityTypeBuilder<SavedPaymentMethod> builder)
    {
        builder.ToTable("SavedPaymentMethods");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.CustomerReference).HasMaxLength(200);
        builder.Property(m => m.MethodReference).HasMaxLength(200).IsRequired();
        builder.Property(m => m.Label).HasMaxLength(100).IsRequired();
        builder.Property(m => m.LastFailure).HasMaxLength(500);
        builder.HasIndex(m => new { m.GatewayAccountId, m.MethodReference }).IsUnique();
        builder.HasIndex(m => new { m.CustomerId, m.Priority });
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<GatewayAccount>().WithMany().HasForeignKey(m => m.GatewayAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaymentRefundConfiguration : IEntityTypeConfiguration<PaymentRefund>
{
    public void Configure(EntityTypeBuilder<PaymentRefund> builder)
    {
        builder.ToTable("PaymentRefunds");
        builder.HasKey(r => r.Id);
        builder.ComplexProperty(r => r.Amount, m => m.IsMoney("Amount"));
        builder.Property(r => r.GatewayRefundId).HasMaxLength(Payment.MaxTransactionIdLength);
        builder.Property(r => r.RequestId).HasMaxLength(PaymentAttempt.MaxRequestIdLength).IsRequired();
        builder.Property(r => r.Reason).HasMaxLength(500).IsRequired();
        builder.HasIndex(r => r.RequestId).IsUnique();
        builder.HasIndex(r => r.GatewayRefundId).IsUnique();
        builder.HasIndex(r => r.PaymentId);
        builder.Property(r => r.LastCheckNote).HasMaxLength(500);
        builder.HasIndex(r => new { r.State, r.LastCheckedAtUtc });
        // A held payment is refunded as a whole, without a credit note, at most once: two staff cannot both send it back.
        builder.HasIndex(r => r.PaymentId, "IX_PaymentRefunds_HeldPayment").IsUnique().HasFilter("\"CreditNoteId\" IS NULL");
        builder.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SettlementDifferenceConfiguration : IEntityTypeConfiguration<SettlementDifference>
{
    public void Configure(EntityTypeBuilder<SettlementDifference> builder)
    {
        builder.ToTable("SettlementDifferences");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.GatewayCode).HasMaxLength(30).IsRequired();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.TransactionId).HasMaxLength(Payment.MaxTransactionIdLength).IsRequired();
        builder.ComplexProperty(d => d.Amount, m => m.IsMoney("Amount"));
        builder.Property(d => d.RecordedCurrency).HasMaxLength(3);
        builder.Property(d => d.AttemptReference).HasMaxLength(200);
        // Reported once: a second run of the check (or of the same day) finds the row and adds nothing.
        builder.HasIndex(d => new { d.GatewayAccountId, d.Kind, d.TransactionId }).IsUnique();
        builder.HasIndex(d => d.DayUtc);
        builder.HasOne<GatewayAccount>().WithMany().HasForeignKey(d => d.GatewayAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
