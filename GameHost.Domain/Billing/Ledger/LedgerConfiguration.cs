using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Billing.Ledger;

internal sealed class LedgerAccountConfiguration : IEntityTypeConfiguration<LedgerAccount>
{
    public void Configure(EntityTypeBuilder<LedgerAccount> builder)
    {
        builder.ToTable("LedgerAccounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Code).HasMaxLength(100).IsRequired();
        builder.HasIndex(a => a.Code).IsUnique();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.Currency)
            .HasConversion(c => c.Code, code => Currency.FromCode(code))
            .HasMaxLength(3).IsFixedLength().IsUnicode(false).IsRequired();
        builder.ComplexProperty(a => a.Balance, m => m.IsMoney("Balance"));
        builder.Property(a => a.ConcurrencyToken).IsConcurrencyToken();
        builder.HasIndex(a => a.CustomerId);
    }
}

internal sealed class LedgerTransactionConfiguration : IEntityTypeConfiguration<LedgerTransaction>
{
    public void Configure(EntityTypeBuilder<LedgerTransaction> builder)
    {
        builder.ToTable("LedgerTransactions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.IdempotencyKey).HasMaxLength(LedgerTransaction.MaxKeyLength).IsRequired();
        builder.HasIndex(t => t.IdempotencyKey).IsUnique();
        builder.Property(t => t.Kind).HasMaxLength(50).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(500).IsRequired();
        builder.HasIndex(t => new { t.CustomerId, t.CreatedAtUtc });
        builder.HasMany(t => t.Entries).WithOne().HasForeignKey(e => e.TransactionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("LedgerEntries");
        builder.HasKey(e => e.Id);
        builder.ComplexProperty(e => e.Amount, m => m.IsMoney("Amount"));
        builder.HasIndex(e => e.AccountId);
        builder.HasOne<LedgerAccount>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
