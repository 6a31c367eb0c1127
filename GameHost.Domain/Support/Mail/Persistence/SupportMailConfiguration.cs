using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Support.Mail.Persistence;

internal sealed class SupportMailSettingsConfiguration : IEntityTypeConfiguration<SupportMailSettings>
{
    public void Configure(EntityTypeBuilder<SupportMailSettings> builder)
    {
        builder.ToTable("SupportMailSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Host).HasMaxLength(253);
        builder.Property(s => s.UserName).HasMaxLength(320);
        builder.Property(s => s.ReplyAddress).HasMaxLength(320);
        builder.Property(s => s.ProtectedPassword).HasMaxLength(2000);
        builder.Property(s => s.InboxFolder).HasMaxLength(200);
        builder.Property(s => s.ProcessedFolder).HasMaxLength(200);
        builder.Property(s => s.FailedFolder).HasMaxLength(200);
        builder.Property(s => s.AutoReplyFolder).HasMaxLength(200);
        builder.Property(s => s.Security).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.UnknownSenders).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.LastRunDetail).HasMaxLength(1000);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class SupportMailImportConfiguration : IEntityTypeConfiguration<SupportMailImport>
{
    public void Configure(EntityTypeBuilder<SupportMailImport> builder)
    {
        builder.ToTable("SupportMailImports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.MessageKey).HasMaxLength(SupportMailImport.MaxKeyLength);
        builder.HasIndex(i => i.MessageKey).IsUnique();
        builder.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.FromAddress).HasMaxLength(320);
        builder.Property(i => i.Subject).HasMaxLength(300);
        builder.Property(i => i.Detail).HasMaxLength(SupportMailImport.MaxDetailLength);
        builder.HasIndex(i => i.ImportedAtUtc);
    }
}

internal static class SupportMailSets
{
    public static DbSet<SupportMailSettings> SupportMailSettings(this GameHostDbContext db) => db.Set<SupportMailSettings>();

    public static DbSet<SupportMailImport> SupportMailImports(this GameHostDbContext db) => db.Set<SupportMailImport>();
}
