using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Payments.Persistence;

public static class PaymentsSets
{
    public static DbSet<Payment> Payments(this GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<Payment>();
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("Payments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Gateway).HasMaxLength(30).IsRequired();
        builder.Property(p => p.GatewayTransactionId).HasMaxLength(Payment.MaxTransactionIdLength).IsRequired();
        // Exactly once: the same money reported twice (return + webhook + reconciliation) finds the first record.
        builder.HasIndex(p => new { p.Gateway, p.GatewayTransactionId }).IsUnique();
        builder.ComplexProperty(p => p.Amount, m => m.IsMoney("Amount"));
        builder.Property(p => p.Flag).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Note).HasMaxLength(500);
        builder.HasIndex(p => new { p.CustomerId, p.RecordedAtUtc });
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Billing.Ledger.LedgerTransaction>().WithMany().HasForeignKey(p => p.LedgerTransactionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.AttemptId);
        builder.HasIndex(p => p.HeldForReview);
    }
}
