using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Billing.Changes;

/// <summary>The tables of service changes on the shared context.</summary>
public static class ChangesSets
{
    public static DbSet<ServiceChange> ServiceChanges(this GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<ServiceChange>();
    }

    public static DbSet<BillingChangeSettings> BillingChangeSettings(this GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<BillingChangeSettings>();
    }
}

internal sealed class ServiceChangeConfiguration : IEntityTypeConfiguration<ServiceChange>
{
    public void Configure(EntityTypeBuilder<ServiceChange> builder)
    {
        builder.ToTable("ServiceChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.RequestId).HasMaxLength(ServiceChange.MaxRequestIdLength).IsRequired();
        // One change per change form: a double click or a retry finds the first change.
        builder.HasIndex(c => c.RequestId).IsUnique();
        builder.Property(c => c.ToAddOns).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.ComplexProperty(c => c.OldRecurringNet, m => m.IsMoney("OldRecurringNet"));
        builder.ComplexProperty(c => c.NewRecurringNet, m => m.IsMoney("NewRecurringNet"));
        builder.ComplexProperty(c => c.ProratedNet, m => m.IsMoney("ProratedNet"));
        builder.ComplexProperty(c => c.ProratedTax, m => m.IsMoney("ProratedTax"));
        builder.Ignore(c => c.ProratedGross);
        builder.HasIndex(c => new { c.SubscriptionId, c.Status });
        builder.HasIndex(c => c.InvoiceId);
        builder.HasOne<Subscription>().WithMany().HasForeignKey(c => c.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Invoice>().WithMany().HasForeignKey(c => c.InvoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BillingChangeSettingsConfiguration : IEntityTypeConfiguration<BillingChangeSettings>
{
    public void Configure(EntityTypeBuilder<BillingChangeSettings> builder)
    {
        builder.ToTable("BillingChangeSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.RefundRule).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.ConcurrencyToken).IsConcurrencyToken();
        builder.HasData(new BillingChangeSettings
        {
            Id = BillingChangeSettings.SingletonId,
            RefundRule = CancellationRefundRule.Prorated,
            CancellationFeeBasisPoints = 0,
            ConcurrencyToken = new Guid("0e7d5c1a-3b2f-4a69-8d41-6c2b9f0a7e13"),
        });
    }
}
