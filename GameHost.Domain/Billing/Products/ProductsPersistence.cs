using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Billing.Products;

public static class ProductsSets
{
    public static DbSet<Product> Products(this GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<Product>();
    }

    public static DbSet<ProductPurchase> ProductPurchases(this GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<ProductPurchase>();
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("Products");
        builder.HasKey(p => p.Id);
        builder.ComplexProperty(p => p.Name, t => t.IsLocalized("Name", 200));
        builder.ComplexProperty(p => p.Description, t => t.IsLocalized("Description", 1000));
        builder.Property(p => p.ConcurrencyToken).IsConcurrencyToken();
        builder.HasMany(p => p.Prices).WithOne().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductPriceConfiguration : IEntityTypeConfiguration<ProductPrice>
{
    public void Configure(EntityTypeBuilder<ProductPrice> builder)
    {
        builder.ToTable("ProductPrices");
        builder.HasKey(p => p.Id);
        builder.ComplexProperty(p => p.Amount, m => m.IsMoney("Amount"));
    }
}

internal sealed class ProductPurchaseConfiguration : IEntityTypeConfiguration<ProductPurchase>
{
    public void Configure(EntityTypeBuilder<ProductPurchase> builder)
    {
        builder.ToTable("ProductPurchases");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.RequestId).HasMaxLength(ProductPurchase.MaxRequestIdLength).IsRequired();
        builder.HasIndex(p => p.RequestId).IsUnique();
        builder.HasIndex(p => p.InvoiceId).IsUnique();
        builder.HasIndex(p => new { p.Status, p.PaidAtUtc });
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.FulfilledBy).HasMaxLength(256);
        builder.Property(p => p.FulfilmentNote).HasMaxLength(ProductPurchase.MaxNoteLength);
        builder.Property(p => p.ConcurrencyToken).IsConcurrencyToken();
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Invoice>().WithMany().HasForeignKey(p => p.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
