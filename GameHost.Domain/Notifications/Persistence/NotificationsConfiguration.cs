using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Notifications.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Notifications.Persistence;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.HasKey(n => n.Id);
        builder.Property(n => n.IdempotencyKey).HasMaxLength(300).IsRequired();
        builder.HasIndex(n => n.IdempotencyKey).IsUnique();
        builder.Property(n => n.EventCode).HasMaxLength(100).IsRequired();
        builder.Property(n => n.Language).HasMaxLength(10).IsRequired();
        builder.Property(n => n.Title).HasMaxLength(Notification.MaxTitleLength).IsRequired();
        builder.Property(n => n.Body).HasMaxLength(Notification.MaxBodyLength).IsRequired();
        builder.Property(n => n.Link).HasMaxLength(1000);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        // The bell asks: how many unread in-app notifications has this user? The page lists them newest first.
        builder.HasIndex(n => new { n.UserId, n.ShowInApp, n.ReadAtUtc });
        builder.HasIndex(n => new { n.UserId, n.CreatedAtUtc });
        builder.HasMany(n => n.Deliveries).WithOne().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.HasKey(d => d.Id);
        builder.HasIndex(d => new { d.NotificationId, d.Channel }).IsUnique();
        builder.Property(d => d.EventCode).HasMaxLength(100).IsRequired();
        builder.Property(d => d.Destination).HasMaxLength(256).IsRequired();
        builder.Property(d => d.Subject).HasMaxLength(Notification.MaxTitleLength);
        builder.Property(d => d.Body).HasMaxLength(Notification.MaxBodyLength).IsRequired();
        builder.Property(d => d.LastError).HasMaxLength(NotificationDelivery.MaxErrorLength);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasOne<OutboundEmail>().WithMany().HasForeignKey(d => d.OutboundEmailId).OnDelete(DeleteBehavior.SetNull);
        // The dispatcher asks: which pending deliveries are due? The log lists newest first.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAtUtc });
        builder.HasIndex(d => d.CreatedAtUtc);
        builder.HasIndex(d => d.UserId);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.HasKey(p => new { p.UserId, p.EventCode, p.Channel });
        builder.Property(p => p.EventCode).HasMaxLength(100);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationContactConfiguration : IEntityTypeConfiguration<NotificationContact>
{
    public void Configure(EntityTypeBuilder<NotificationContact> builder)
    {
        builder.HasKey(c => c.UserId);
        builder.Property(c => c.TelegramUsername).HasMaxLength(100);
        builder.Property(c => c.TelegramLinkCode).HasMaxLength(32);
        builder.HasIndex(c => c.TelegramLinkCode).IsUnique();
        builder.Property(c => c.PhoneNumber).HasMaxLength(20);
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<NotificationContact>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationTemplateOverrideConfiguration : IEntityTypeConfiguration<NotificationTemplateOverride>
{
    public void Configure(EntityTypeBuilder<NotificationTemplateOverride> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.EventCode).HasMaxLength(100).IsRequired();
        builder.Property(t => t.Language).HasMaxLength(10).IsRequired();
        builder.Property(t => t.Subject).HasMaxLength(TemplateRenderer.MaxTemplateLength);
        builder.Property(t => t.Body).HasMaxLength(TemplateRenderer.MaxTemplateLength).IsRequired();
        builder.Property(t => t.UpdatedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(t => new { t.EventCode, t.Channel, t.Language }).IsUnique();
    }
}

internal sealed class NotificationChannelSettingsConfiguration : IEntityTypeConfiguration<NotificationChannelSettings>
{
    public void Configure(EntityTypeBuilder<NotificationChannelSettings> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.TelegramBotTokenProtected).HasMaxLength(4000);
        builder.Property(s => s.TelegramBotUsername).HasMaxLength(100);
        builder.Property(s => s.SmsBaseUrl).HasMaxLength(500);
        builder.Property(s => s.SmsAccountSid).HasMaxLength(200);
        builder.Property(s => s.SmsAuthTokenProtected).HasMaxLength(4000);
        builder.Property(s => s.SmsFromNumber).HasMaxLength(40);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}
