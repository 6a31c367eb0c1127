using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Billing.Persistence;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("Subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.RequestId).HasMaxLength(Subscription.MaxRequestIdLength).IsRequired();
        // One order per order form: a double click or a retry finds the first order instead of making a second.
        builder.HasIndex(s => s.RequestId).IsUnique();
        builder.Property(s => s.ServerName).HasMaxLength(100).IsRequired();
        builder.Property(s => s.Period).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.BillingModel).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.ConcurrencyToken).IsConcurrencyToken();
        // The renewal and dunning sweeps look for services by the end of their paid period.
        builder.HasIndex(s => new { s.Status, s.PaidUntilUtc });
        builder.ComplexProperty(s => s.RecurringNet, m => m.IsMoney("RecurringNet"));
        builder.HasIndex(s => new { s.TariffId, s.Status });
        builder.HasIndex(s => new { s.CustomerId, s.TariffId });
        builder.HasOne<Catalog.Tariff>().WithMany().HasForeignKey(s => s.TariffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.AddOns).WithOne().HasForeignKey(a => a.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Variables).WithOne().HasForeignKey(v => v.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SubscriptionAddOnConfiguration : IEntityTypeConfiguration<SubscriptionAddOn>
{
    public void Configure(EntityTypeBuilder<SubscriptionAddOn> builder)
    {
        builder.ToTable("SubscriptionAddOns");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Key).HasMaxLength(100).IsRequired();
        builder.HasIndex(a => new { a.SubscriptionId, a.Key }).IsUnique();
    }
}

internal sealed class SubscriptionVariableConfiguration : IEntityTypeConfiguration<SubscriptionVariable>
{
    public void Configure(EntityTypeBuilder<SubscriptionVariable> builder)
    {
        builder.ToTable("SubscriptionVariables");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.EnvName).HasMaxLength(191).IsRequired();
        builder.Property(v => v.Value).HasMaxLength(1000).IsRequired();
        builder.HasIndex(v => new { v.SubscriptionId, v.EnvName }).IsUnique();
    }
}

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("Invoices");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.IdempotencyKey).HasMaxLength(Invoice.MaxIdempotencyKeyLength).IsRequired();
        builder.HasIndex(i => i.IdempotencyKey).IsUnique();
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Series).HasMaxLength(20);
        // Never two invoices with one number (SQLite lets any number of drafts share a null number).
        builder.HasIndex(i => new { i.Series, i.Number }).IsUnique();
        builder.Property(i => i.Currency)
            .HasConversion(c => c.Code, code => Currency.FromCode(code))
            .HasMaxLength(3).IsFixedLength().IsUnicode(false).IsRequired();
        builder.ComplexProperty(i => i.Buyer, b =>
        {
            b.Property(x => x.Name).HasColumnName("BuyerName").HasMaxLength(256).IsRequired();
            b.Property(x => x.Company).HasColumnName("BuyerCompany").HasMaxLength(200);
            b.Property(x => x.CountryCode).HasColumnName("BuyerCountryCode").HasMaxLength(2).IsFixedLength().IsRequired();
            b.Property(x => x.VatNumber).HasColumnName("BuyerVatNumber").HasMaxLength(32);
            b.Property(x => x.TaxExempt).HasColumnName("BuyerTaxExempt");
        });
        builder.Property(i => i.CloseReason).HasMaxLength(500);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Ignore(i => i.CreditedTotal);
        builder.Ignore(i => i.ReverseCharge);
        builder.ComplexProperty(i => i.NetTotal, m => m.IsMoney("NetTotal"));
        builder.ComplexProperty(i => i.TaxTotal, m => m.IsMoney("TaxTotal"));
        builder.ComplexProperty(i => i.GrossTotal, m => m.IsMoney("GrossTotal"));
        builder.Ignore(i => i.DisplayNumber);
        builder.HasIndex(i => new { i.CustomerId, i.IssuedAtUtc });
        builder.HasIndex(i => i.SubscriptionId);
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Subscription>().WithMany().HasForeignKey(i => i.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> builder)
    {
        builder.ToTable("InvoiceLines");
        builder.HasKey(l => l.Id);
        builder.HasIndex(l => new { l.InvoiceId, l.Position }).IsUnique();
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Code).HasMaxLength(100).IsRequired();
        builder.ComplexProperty(l => l.Description, t => t.IsLocalized("Description", 300));
        builder.ComplexProperty(l => l.UnitNet, m => m.IsMoney("UnitNet"));
        builder.ComplexProperty(l => l.Net, m => m.IsMoney("Net"));
        builder.ComplexProperty(l => l.Tax, m => m.IsMoney("Tax"));
        builder.ComplexProperty(l => l.Gross, m => m.IsMoney("Gross"));
        builder.Property(l => l.TaxTreatment).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class InvoiceNumberSeriesConfiguration : IEntityTypeConfiguration<InvoiceNumberSeries>
{
    public void Configure(EntityTypeBuilder<InvoiceNumberSeries> builder)
    {
        builder.ToTable("InvoiceNumberSeries");
        builder.HasKey(s => s.Series);
        builder.Property(s => s.Series).HasMaxLength(20);
        builder.Property(s => s.ConcurrencyToken).IsConcurrencyToken();
        builder.HasData(new InvoiceNumberSeries
        {
            Series = InvoiceNumbering.DefaultSeries,
            NextNumber = 1,
            ConcurrencyToken = new Guid("5d1f0c2e-8a4b-4f6e-9c3d-1a2b3c4d5e6f"),
        });
    }
}
