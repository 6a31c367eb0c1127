using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Billing.Taxes;

/// <summary>The tax tables on the shared context.</summary>
public static class TaxSets
{
    public static DbSet<TaxRule> TaxRules(this GameHostDbContext db) => Check(db).Set<TaxRule>();

    public static DbSet<TaxSettings> TaxSettings(this GameHostDbContext db) => Check(db).Set<TaxSettings>();

    public static DbSet<CustomerTaxSetting> CustomerTaxSettings(this GameHostDbContext db) => Check(db).Set<CustomerTaxSetting>();

    private static GameHostDbContext Check(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}

internal sealed class TaxRuleConfiguration : IEntityTypeConfiguration<TaxRule>
{
    public void Configure(EntityTypeBuilder<TaxRule> builder)
    {
        builder.ToTable("TaxRules");
        builder.HasKey(r => r.CountryCode);
        builder.Property(r => r.CountryCode).HasMaxLength(2).IsFixedLength().IsUnicode(false);
        builder.Property(r => r.Name).HasMaxLength(TaxRule.MaxNameLength).IsRequired();
        builder.Property(r => r.ConcurrencyToken).IsConcurrencyToken();
        // Every install starts with South Africa's VAT (15 %, prices include it), the seller's default country.
        builder.HasData(new TaxRule
        {
            CountryCode = "ZA",
            Name = "VAT",
            RateBasisPoints = 1500,
            PricesIncludeTax = true,
            ReverseChargeForBusinesses = false,
            UpdatedAtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            ConcurrencyToken = new Guid("7c0f6a52-4a0e-4d8e-9a51-0d3b7f2f1a15"),
        });
    }
}

internal sealed class TaxSettingsConfiguration : IEntityTypeConfiguration<TaxSettings>
{
    public void Configure(EntityTypeBuilder<TaxSettings> builder)
    {
        builder.ToTable("TaxSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.SellerCountryCode).HasMaxLength(2).IsFixedLength().IsUnicode(false).IsRequired();
        builder.HasData(new TaxSettings
        {
            Id = TaxSettings.SingletonId,
            SellerCountryCode = TaxSettings.DefaultSellerCountry,
            UpdatedAtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        });
    }
}

internal sealed class CustomerTaxSettingConfiguration : IEntityTypeConfiguration<CustomerTaxSetting>
{
    public void Configure(EntityTypeBuilder<CustomerTaxSetting> builder)
    {
        builder.ToTable("CustomerTaxSettings");
        builder.HasKey(s => s.CustomerId);
        builder.Property(s => s.ExemptReason).HasMaxLength(CustomerTaxSetting.MaxReasonLength);
        builder.HasOne<Accounts.ApplicationUser>().WithOne().HasForeignKey<CustomerTaxSetting>(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
