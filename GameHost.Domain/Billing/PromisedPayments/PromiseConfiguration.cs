using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Billing.PromisedPayments;

internal sealed class BillingGroupConfiguration : IEntityTypeConfiguration<BillingGroup>
{
    public void Configure(EntityTypeBuilder<BillingGroup> builder)
    {
        builder.ToTable("BillingGroups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Name).HasMaxLength(BillingGroup.MaxNameLength).IsRequired();
        builder.HasIndex(g => g.Name).IsUnique();
        builder.Property(g => g.ConcurrencyToken).IsConcurrencyToken();
        builder.HasData(new BillingGroup
        {
            Id = BillingGroup.DefaultId,
            Name = "Default",
            IsDefault = true,
            PromisesAllowed = true,
            PromiseDays = 3,
            MaxPromisesPerWindow = 1,
            WindowDays = 90,
            MaxAmountMinor = 0,
            GoodStandingMaxOverdueDays = 0,
            UpdatedAtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            ConcurrencyToken = new Guid("0b6f3d2a-7c4e-4a8b-9e1f-3d5c7b9a1e20"),
        });
    }
}

internal sealed class BillingGroupMemberConfiguration : IEntityTypeConfiguration<BillingGroupMember>
{
    public void Configure(EntityTypeBuilder<BillingGroupMember> builder)
    {
        builder.ToTable("BillingGroupMembers");
        builder.HasKey(m => m.CustomerId);
        builder.HasIndex(m => m.GroupId);
        builder.HasOne<BillingGroup>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PromisedPaymentConfiguration : IEntityTypeConfiguration<PromisedPayment>
{
    public void Configure(EntityTypeBuilder<PromisedPayment> builder)
    {
        builder.ToTable("PromisedPayments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.RequestId).HasMaxLength(PromisedPayment.MaxRequestIdLength).IsRequired();
        builder.HasIndex(p => p.RequestId).IsUnique();
        // One promise per invoice.
        builder.HasIndex(p => p.InvoiceId).IsUnique();
        builder.HasIndex(p => new { p.CustomerId, p.StartedAtUtc });
        builder.HasIndex(p => new { p.Status, p.EndsAtUtc });
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.ComplexProperty(p => p.Amount, m => m.IsMoney("Amount"));
        builder.Property(p => p.ConcurrencyToken).IsConcurrencyToken();
        builder.HasOne<Invoice>().WithMany().HasForeignKey(p => p.InvoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}
