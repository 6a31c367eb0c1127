using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Billing.Dunning;

internal sealed class DunningStepConfiguration : IEntityTypeConfiguration<DunningStep>
{
    public void Configure(EntityTypeBuilder<DunningStep> builder)
    {
        builder.ToTable("DunningSteps");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(DunningStep.MaxCodeLength);
        builder.Property(s => s.Outcome).HasConversion<string>().HasMaxLength(20);
        // Each step of an invoice happens once: a repeated or concurrent sweep fails to add it a second time.
        builder.HasIndex(s => new { s.InvoiceId, s.Kind, s.Offset }).IsUnique();
        builder.HasIndex(s => new { s.CustomerId, s.AtUtc });
        builder.HasOne<Invoice>().WithMany().HasForeignKey(s => s.InvoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DunningPolicyConfiguration : IEntityTypeConfiguration<DunningPolicy>
{
    public void Configure(EntityTypeBuilder<DunningPolicy> builder)
    {
        builder.ToTable("DunningPolicies");
        builder.HasKey(p => p.TariffId);
        builder.Property(p => p.ConcurrencyToken).IsConcurrencyToken();
        builder.HasOne<Catalog.Tariff>().WithMany().HasForeignKey(p => p.TariffId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PoolDunningPolicyConfiguration : IEntityTypeConfiguration<PoolDunningPolicy>
{
    public void Configure(EntityTypeBuilder<PoolDunningPolicy> builder)
    {
        builder.ToTable("PoolDunningPolicies");
        builder.HasKey(p => p.PoolPlanId);
        builder.Property(p => p.ConcurrencyToken).IsConcurrencyToken();
        builder.HasOne<Pools.PoolPlan>().WithMany().HasForeignKey(p => p.PoolPlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DunningHoldConfiguration : IEntityTypeConfiguration<DunningHold>
{
    public void Configure(EntityTypeBuilder<DunningHold> builder)
    {
        builder.ToTable("DunningHolds");
        builder.HasKey(h => h.CustomerId);
        builder.Property(h => h.Reason).HasMaxLength(DunningHold.MaxReasonLength).IsRequired();
        builder.Property(h => h.ConcurrencyToken).IsConcurrencyToken();
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(h => h.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
