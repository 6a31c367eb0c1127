using GameHost.Domain.Billing.Postpaid;
using GameHost.Domain.Billing.Usage;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Billing.Balance;

/// <summary>The balance, usage and postpaid tables on the shared context.</summary>
public static class BalanceSets
{
    public static DbSet<UsageCharge> UsageCharges(this GameHostDbContext db) => Checked(db).Set<UsageCharge>();

    public static DbSet<UsageSuspension> UsageSuspensions(this GameHostDbContext db) => Checked(db).Set<UsageSuspension>();

    public static DbSet<LowBalanceSpell> LowBalanceSpells(this GameHostDbContext db) => Checked(db).Set<LowBalanceSpell>();

    public static DbSet<CreditLimit> CreditLimits(this GameHostDbContext db) => Checked(db).Set<CreditLimit>();

    private static GameHostDbContext Checked(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}

internal sealed class UsageChargeConfiguration : IEntityTypeConfiguration<UsageCharge>
{
    public void Configure(EntityTypeBuilder<UsageCharge> builder)
    {
        builder.ToTable("UsageCharges");
        builder.HasKey(c => c.Id);
        // One charge per service and unit: the last guard against billing a unit twice.
        builder.HasIndex(c => new { c.SubscriptionId, c.UnitStartUtc }).IsUnique();
        builder.HasIndex(c => new { c.CustomerId, c.Mode, c.InvoiceId });
        builder.HasIndex(c => c.LedgerTransactionId);
        builder.Property(c => c.Mode).HasConversion<string>().HasMaxLength(20);
        builder.ComplexProperty(c => c.Net, m => m.IsMoney("Net"));
        builder.ComplexProperty(c => c.Tax, m => m.IsMoney("Tax"));
        builder.ComplexProperty(c => c.Gross, m => m.IsMoney("Gross"));
        builder.HasOne<Subscription>().WithMany().HasForeignKey(c => c.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Invoice>().WithMany().HasForeignKey(c => c.InvoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UsageSuspensionConfiguration : IEntityTypeConfiguration<UsageSuspension>
{
    public void Configure(EntityTypeBuilder<UsageSuspension> builder)
    {
        builder.ToTable("UsageSuspensions");
        builder.HasKey(s => s.SubscriptionId);
        builder.HasOne<Subscription>().WithMany().HasForeignKey(s => s.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LowBalanceSpellConfiguration : IEntityTypeConfiguration<LowBalanceSpell>
{
    public void Configure(EntityTypeBuilder<LowBalanceSpell> builder)
    {
        builder.ToTable("LowBalanceSpells");
        builder.HasKey(s => s.CustomerId);
        builder.Ignore(s => s.IsOpen);
        builder.Property(s => s.ConcurrencyToken).IsConcurrencyToken();
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CreditLimitConfiguration : IEntityTypeConfiguration<CreditLimit>
{
    public void Configure(EntityTypeBuilder<CreditLimit> builder)
    {
        builder.ToTable("CreditLimits");
        builder.HasKey(l => l.CustomerId);
        builder.ComplexProperty(l => l.Limit, m => m.IsMoney("Limit"));
        builder.Property(l => l.ConcurrencyToken).IsConcurrencyToken();
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(l => l.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
