using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Notifications.Email.Persistence;

internal sealed class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public void Configure(EntityTypeBuilder<OutboundEmail> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();
        builder.Property(e => e.ToAddress).HasMaxLength(256).IsRequired();
        builder.Property(e => e.ToName).HasMaxLength(200);
        builder.Property(e => e.Subject).HasMaxLength(500).IsRequired();
        builder.Property(e => e.Category).HasMaxLength(100).IsRequired();
        builder.Property(e => e.UnsubscribeUrl).HasMaxLength(1000);
        builder.Property(e => e.LastError).HasMaxLength(OutboundEmail.MaxErrorLength);
        builder.Property(e => e.Version).IsConcurrencyToken();
        // The dispatcher asks: which pending messages are due?
        builder.HasIndex(e => new { e.Status, e.NextAttemptAtUtc });
        builder.HasIndex(e => e.UserId);
        builder.Property(e => e.ReplyTo).HasMaxLength(320);
        builder.HasMany(e => e.Attachments).WithOne().HasForeignKey(a => a.OutboundEmailId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboundEmailAttachmentConfiguration : IEntityTypeConfiguration<OutboundEmailAttachment>
{
    public void Configure(EntityTypeBuilder<OutboundEmailAttachment> builder)
    {
        builder.ToTable("OutboundEmailAttachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.FileName).HasMaxLength(OutboundEmailAttachment.MaxFileNameLength).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Source).HasMaxLength(OutboundEmailAttachment.MaxSourceLength).IsRequired();
        builder.HasIndex(a => a.OutboundEmailId);
    }
}
