using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Billing.Invoicing;

/// <summary>The credit-note tables on the shared context.</summary>
public static class InvoicingSets
{
    public static DbSet<CreditNote> CreditNotes(this GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<CreditNote>();
    }
}

internal sealed class CreditNoteConfiguration : IEntityTypeConfiguration<CreditNote>
{
    public void Configure(EntityTypeBuilder<CreditNote> builder)
    {
        builder.ToTable("CreditNotes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.RequestId).HasMaxLength(CreditNote.MaxRequestIdLength).IsRequired();
        // One note per form: a double click or a retry finds the first note instead of issuing a second.
        builder.HasIndex(n => n.RequestId).IsUnique();
        builder.Property(n => n.NumberSeries).HasMaxLength(20).IsRequired();
        builder.HasIndex(n => new { n.NumberSeries, n.Number }).IsUnique();
        builder.Property(n => n.Currency)
            .HasConversion(c => c.Code, code => Currency.FromCode(code))
            .HasMaxLength(3).IsFixedLength().IsUnicode(false).IsRequired();
        builder.ComplexProperty(n => n.Buyer, b =>
        {
            b.Property(x => x.Name).HasColumnName("BuyerName").HasMaxLength(256).IsRequired();
            b.Property(x => x.Company).HasColumnName("BuyerCompany").HasMaxLength(200);
            b.Property(x => x.CountryCode).HasColumnName("BuyerCountryCode").HasMaxLength(2).IsFixedLength().IsRequired();
            b.Property(x => x.VatNumber).HasColumnName("BuyerVatNumber").HasMaxLength(32);
            b.Property(x => x.TaxExempt).HasColumnName("BuyerTaxExempt");
        });
        builder.Property(n => n.Reason).HasMaxLength(CreditNote.MaxReasonLength).IsRequired();
        builder.Property(n => n.IssuedByName).HasMaxLength(256).IsRequired();
        builder.Property(n => n.LedgerKey).HasMaxLength(200).IsRequired();
        builder.ComplexProperty(n => n.NetTotal, m => m.IsMoney("NetTotal"));
        builder.ComplexProperty(n => n.TaxTotal, m => m.IsMoney("TaxTotal"));
        builder.ComplexProperty(n => n.GrossTotal, m => m.IsMoney("GrossTotal"));
        builder.Ignore(n => n.DisplayNumber);
        builder.HasIndex(n => n.InvoiceId);
        builder.HasIndex(n => new { n.CustomerId, n.IssuedAtUtc });
        builder.HasOne<Invoice>().WithMany().HasForeignKey(n => n.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(n => n.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(n => n.Lines).WithOne().HasForeignKey(l => l.CreditNoteId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(n => n.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CreditNoteLineConfiguration : IEntityTypeConfiguration<CreditNoteLine>
{
    public void Configure(EntityTypeBuilder<CreditNoteLine> builder)
    {
        builder.ToTable("CreditNoteLines");
        builder.HasKey(l => l.Id);
        builder.HasIndex(l => new { l.CreditNoteId, l.Position }).IsUnique();
        builder.HasIndex(l => l.InvoiceLineId);
        builder.HasOne<InvoiceLine>().WithMany().HasForeignKey(l => l.InvoiceLineId).OnDelete(DeleteBehavior.Restrict);
        builder.ComplexProperty(l => l.Description, t => t.IsLocalized("Description", 300));
        builder.ComplexProperty(l => l.Net, m => m.IsMoney("Net"));
        builder.ComplexProperty(l => l.Tax, m => m.IsMoney("Tax"));
        builder.ComplexProperty(l => l.Gross, m => m.IsMoney("Gross"));
    }
}
