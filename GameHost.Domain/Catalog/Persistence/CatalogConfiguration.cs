using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Catalog.Persistence;

internal static class LocalizedTextMapping
{
    public static ComplexPropertyBuilder<LocalizedText> IsLocalized(this ComplexPropertyBuilder<LocalizedText> text, string prefix, int maxLength)
    {
        text.Property(t => t.En).HasColumnName(prefix + "En").HasMaxLength(maxLength).IsRequired();
        text.Property(t => t.Es).HasColumnName(prefix + "Es").HasMaxLength(maxLength).IsRequired();
        return text;
    }
}

internal sealed class GameConfiguration : IEntityTypeConfiguration<Game>
{
    public void Configure(EntityTypeBuilder<Game> builder)
    {
        builder.ToTable("Games");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Key).HasMaxLength(100).IsRequired();
        builder.HasIndex(g => g.Key).IsUnique();
        builder.ComplexProperty(g => g.Name, t => t.IsLocalized("Name", 200));
    }
}

internal sealed class TariffConfiguration : IEntityTypeConfiguration<Tariff>
{
    public void Configure(EntityTypeBuilder<Tariff> builder)
    {
        builder.ToTable("Tariffs");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Slug).HasMaxLength(100).IsRequired();
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.Visibility).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.BillingModel).HasConversion<string>().HasMaxLength(30);
        builder.Property(t => t.ConcurrencyToken).IsConcurrencyToken();
        builder.Ignore(t => t.CurrentVersion);
        builder.HasOne(t => t.Game).WithMany().HasForeignKey(t => t.GameId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(t => t.Versions).WithOne().HasForeignKey(v => v.TariffId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.AddOns).WithOne().HasForeignKey(a => a.TariffId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.GameId, t.DisplayOrder });
    }
}

internal sealed class TariffAddOnConfiguration : IEntityTypeConfiguration<TariffAddOn>
{
    public void Configure(EntityTypeBuilder<TariffAddOn> builder)
    {
        builder.ToTable("TariffAddOns");
        builder.HasKey(a => new { a.TariffId, a.AddOnId });
        builder.HasOne(a => a.AddOn).WithMany(a => a.Tariffs).HasForeignKey(a => a.AddOnId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TariffVersionConfiguration : IEntityTypeConfiguration<TariffVersion>
{
    public void Configure(EntityTypeBuilder<TariffVersion> builder)
    {
        builder.ToTable("TariffVersions");
        builder.HasKey(v => v.Id);
        // Two editors saving at once cannot both create version N+1.
        builder.HasIndex(v => new { v.TariffId, v.Number }).IsUnique();
        builder.Property(v => v.CreatedByName).HasMaxLength(256).IsRequired();
        builder.ComplexProperty(v => v.Name, t => t.IsLocalized("Name", 200));
        builder.ComplexProperty(v => v.Description, t => t.IsLocalized("Description", 4000));
        builder.ComplexProperty(v => v.Game, g =>
        {
            g.Property(x => x.NestId).HasColumnName("NestId");
            g.Property(x => x.EggId).HasColumnName("EggId");
            g.Property(x => x.DockerImage).HasColumnName("DockerImage").HasMaxLength(500).IsRequired();
            g.Property(x => x.StartupCommand).HasColumnName("StartupCommand").HasMaxLength(2000).IsRequired();
        });
        builder.ComplexProperty(v => v.Resources, r =>
        {
            r.Property(x => x.MemoryMb).HasColumnName("MemoryMb");
            r.Property(x => x.SwapMb).HasColumnName("SwapMb");
            r.Property(x => x.DiskMb).HasColumnName("DiskMb");
            r.Property(x => x.CpuPercent).HasColumnName("CpuPercent");
            r.Property(x => x.CpuThreads).HasColumnName("CpuThreads").HasMaxLength(100);
            r.Property(x => x.IoWeight).HasColumnName("IoWeight");
            r.Property(x => x.OomKillerDisabled).HasColumnName("OomKillerDisabled");
        });
        builder.ComplexProperty(v => v.Features, f =>
        {
            f.Property(x => x.Databases).HasColumnName("FeatureDatabases");
            f.Property(x => x.Backups).HasColumnName("FeatureBackups");
            f.Property(x => x.Allocations).HasColumnName("FeatureAllocations");
        });
        builder.HasMany(v => v.Variables).WithOne().HasForeignKey(x => x.TariffVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(v => v.SetupFees).WithOne().HasForeignKey(x => x.TariffVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(v => v.Prices).WithOne().HasForeignKey(x => x.TariffVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EggVariableConfiguration : IEntityTypeConfiguration<EggVariable>
{
    public void Configure(EntityTypeBuilder<EggVariable> builder)
    {
        builder.ToTable("TariffEggVariables");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.EnvName).HasMaxLength(191).IsRequired();
        builder.Property(v => v.Name).HasMaxLength(191).IsRequired();
        builder.Property(v => v.DefaultValue).HasMaxLength(1000).IsRequired();
        builder.Property(v => v.Rules).HasMaxLength(1000).IsRequired();
        builder.HasIndex(v => new { v.TariffVersionId, v.EnvName }).IsUnique();
    }
}

internal sealed class TariffPriceConfiguration : IEntityTypeConfiguration<TariffPrice>
{
    public void Configure(EntityTypeBuilder<TariffPrice> builder)
    {
        builder.ToTable("TariffPrices");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Period).HasConversion<string>().HasMaxLength(20);
        builder.ComplexProperty(p => p.Amount, m => m.IsMoney("Amount"));
    }
}

internal sealed class TariffSetupFeeConfiguration : IEntityTypeConfiguration<TariffSetupFee>
{
    public void Configure(EntityTypeBuilder<TariffSetupFee> builder)
    {
        builder.ToTable("TariffSetupFees");
        builder.HasKey(p => p.Id);
        builder.ComplexProperty(p => p.Amount, m => m.IsMoney("Amount"));
    }
}

internal sealed class AddOnConfiguration : IEntityTypeConfiguration<AddOn>
{
    public void Configure(EntityTypeBuilder<AddOn> builder)
    {
        builder.ToTable("AddOns");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Key).HasMaxLength(100).IsRequired();
        builder.HasIndex(a => a.Key).IsUnique();
        builder.ComplexProperty(a => a.Name, t => t.IsLocalized("Name", 200));
        builder.Property(a => a.Unit).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.ConcurrencyToken).IsConcurrencyToken();
        builder.HasMany(a => a.Prices).WithOne().HasForeignKey(p => p.AddOnId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AddOnPriceConfiguration : IEntityTypeConfiguration<AddOnPrice>
{
    public void Configure(EntityTypeBuilder<AddOnPrice> builder)
    {
        builder.ToTable("AddOnPrices");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Period).HasConversion<string>().HasMaxLength(20);
        builder.ComplexProperty(p => p.Amount, m => m.IsMoney("Amount"));
    }
}

internal sealed class PromoCodeConfiguration : IEntityTypeConfiguration<PromoCode>
{
    public void Configure(EntityTypeBuilder<PromoCode> builder)
    {
        builder.ToTable("PromoCodes");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Code).HasMaxLength(50).IsRequired();
        builder.Property(p => p.NormalizedCode).HasMaxLength(50).IsRequired();
        builder.HasIndex(p => p.NormalizedCode).IsUnique();
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.AppliesTo).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.ConcurrencyToken).IsConcurrencyToken();
        builder.HasMany(p => p.FixedAmounts).WithOne().HasForeignKey(a => a.PromoCodeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PromoFixedAmountConfiguration : IEntityTypeConfiguration<PromoFixedAmount>
{
    public void Configure(EntityTypeBuilder<PromoFixedAmount> builder)
    {
        builder.ToTable("PromoFixedAmounts");
        builder.HasKey(a => a.Id);
        builder.ComplexProperty(a => a.Amount, m => m.IsMoney("Amount"));
    }
}

internal sealed class PromoRedemptionConfiguration : IEntityTypeConfiguration<PromoRedemption>
{
    public void Configure(EntityTypeBuilder<PromoRedemption> builder)
    {
        builder.ToTable("PromoRedemptions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.OrderRequestId).HasMaxLength(100).IsRequired();
        // One order uses at most one code, once: a retried order finds its redemption instead of adding one.
        builder.HasIndex(r => r.OrderRequestId).IsUnique();
        builder.HasIndex(r => new { r.PromoCodeId, r.CustomerId });
        builder.HasOne<PromoCode>().WithMany().HasForeignKey(r => r.PromoCodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ScheduledPriceChangeConfiguration : IEntityTypeConfiguration<ScheduledPriceChange>
{
    public void Configure(EntityTypeBuilder<ScheduledPriceChange> builder)
    {
        builder.ToTable("ScheduledPriceChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CreatedByName).HasMaxLength(256).IsRequired();
        builder.HasOne<Tariff>().WithMany().HasForeignKey(c => c.TariffId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.TariffId, c.EffectiveAtUtc });
        builder.HasIndex(c => c.EffectiveAtUtc);
    }
}
