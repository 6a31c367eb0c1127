using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Billing.Pools;

public static class PoolsSets
{
    public static DbSet<PoolPlan> PoolPlans(this GameHostDbContext db) => Checked(db).Set<PoolPlan>();

    public static DbSet<ResourcePool> ResourcePools(this GameHostDbContext db) => Checked(db).Set<ResourcePool>();

    public static DbSet<PoolServer> PoolServers(this GameHostDbContext db) => Checked(db).Set<PoolServer>();

    public static DbSet<PoolResize> PoolResizes(this GameHostDbContext db) => Checked(db).Set<PoolResize>();

    private static GameHostDbContext Checked(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}

internal sealed class PoolPlanConfiguration : IEntityTypeConfiguration<PoolPlan>
{
    public void Configure(EntityTypeBuilder<PoolPlan> builder)
    {
        builder.ToTable("PoolPlans");
        builder.HasKey(p => p.Id);
        builder.ComplexProperty(p => p.Name, t => t.IsLocalized("Name", 200));
        builder.Property(p => p.ConcurrencyToken).IsConcurrencyToken();
        builder.HasMany(p => p.Prices).WithOne().HasForeignKey(p => p.PoolPlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PoolPlanPriceConfiguration : IEntityTypeConfiguration<PoolPlanPrice>
{
    public void Configure(EntityTypeBuilder<PoolPlanPrice> builder)
    {
        builder.ToTable("PoolPlanPrices");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Period).HasConversion<string>().HasMaxLength(20);
        builder.ComplexProperty(p => p.Amount, m => m.IsMoney("Amount"));
    }
}

internal sealed class ResourcePoolConfiguration : IEntityTypeConfiguration<ResourcePool>
{
    public void Configure(EntityTypeBuilder<ResourcePool> builder)
    {
        builder.ToTable("ResourcePools");
        builder.HasKey(p => p.Id);
        builder.ComplexProperty(p => p.Name, t => t.IsLocalized("Name", 200));
        builder.Property(p => p.Period).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.ComplexProperty(p => p.RecurringNet, m => m.IsMoney("RecurringNet"));
        builder.Property(p => p.RequestId).HasMaxLength(ResourcePool.MaxRequestIdLength).IsRequired();
        builder.HasIndex(p => p.RequestId).IsUnique();
        builder.HasIndex(p => p.InvoiceId).IsUnique();
        builder.HasIndex(p => new { p.CustomerId, p.Status });
        builder.Property(p => p.ConcurrencyToken).IsConcurrencyToken();
        builder.HasOne<PoolPlan>().WithMany().HasForeignKey(p => p.PoolPlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Invoice>().WithMany().HasForeignKey(p => p.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PoolServerConfiguration : IEntityTypeConfiguration<PoolServer>
{
    public void Configure(EntityTypeBuilder<PoolServer> builder)
    {
        builder.ToTable("PoolServers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(100).IsRequired();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.RequestId).HasMaxLength(PoolServer.MaxRequestIdLength).IsRequired();
        builder.HasIndex(s => s.RequestId).IsUnique();
        builder.HasIndex(s => new { s.PoolId, s.Status });
        builder.HasOne<ResourcePool>().WithMany().HasForeignKey(s => s.PoolId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Catalog.Tariff>().WithMany().HasForeignKey(s => s.TariffId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PoolResizeConfiguration : IEntityTypeConfiguration<PoolResize>
{
    public void Configure(EntityTypeBuilder<PoolResize> builder)
    {
        builder.ToTable("PoolResizes");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.RequestId).HasMaxLength(PoolResize.MaxRequestIdLength).IsRequired();
        // One resize per resize form: a double click or a retry finds the first.
        builder.HasIndex(r => r.RequestId).IsUnique();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.ComplexProperty(r => r.OldRecurringNet, m => m.IsMoney("OldRecurringNet"));
        builder.ComplexProperty(r => r.NewRecurringNet, m => m.IsMoney("NewRecurringNet"));
        builder.ComplexProperty(r => r.ProratedNet, m => m.IsMoney("ProratedNet"));
        builder.ComplexProperty(r => r.ProratedTax, m => m.IsMoney("ProratedTax"));
        builder.Ignore(r => r.ProratedGross);
        builder.HasIndex(r => new { r.PoolId, r.Status });
        builder.HasIndex(r => r.InvoiceId);
        builder.HasOne<ResourcePool>().WithMany().HasForeignKey(r => r.PoolId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Invoice>().WithMany().HasForeignKey(r => r.InvoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}
