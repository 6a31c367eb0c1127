using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Accounts.Persistence;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.FullName).HasMaxLength(200).IsRequired();
        builder.Property(u => u.PreferredLanguage).HasMaxLength(10).IsRequired();
        builder.HasIndex(u => u.FullName);
        builder.HasIndex(u => u.CreatedAtUtc);
        builder.HasOne(u => u.CustomerProfile)
            .WithOne(p => p.User)
            .HasForeignKey<CustomerProfile>(p => p.UserId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomerProfileConfiguration : IEntityTypeConfiguration<CustomerProfile>
{
    public void Configure(EntityTypeBuilder<CustomerProfile> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.UserId).IsUnique();
        builder.Property(p => p.Company).HasMaxLength(200);
        builder.Property(p => p.CountryCode).HasMaxLength(2).IsFixedLength().IsRequired();
        builder.Property(p => p.BillingCurrency).HasMaxLength(3).IsFixedLength().IsRequired();
        builder.Property(p => p.VatNumber).HasMaxLength(32);
    }
}
