using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Notifications.Templates;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Persistence;

/// <summary>The notification tables on the shared context.</summary>
public static class NotificationSets
{
    public static DbSet<Notification> Notifications(this GameHostDbContext db) => Sets(db).Set<Notification>();

    public static DbSet<NotificationDelivery> NotificationDeliveries(this GameHostDbContext db) => Sets(db).Set<NotificationDelivery>();

    public static DbSet<NotificationPreference> NotificationPreferences(this GameHostDbContext db) => Sets(db).Set<NotificationPreference>();

    public static DbSet<NotificationContact> NotificationContacts(this GameHostDbContext db) => Sets(db).Set<NotificationContact>();

    public static DbSet<NotificationTemplateOverride> NotificationTemplates(this GameHostDbContext db) => Sets(db).Set<NotificationTemplateOverride>();

    public static DbSet<NotificationChannelSettings> NotificationChannelSettings(this GameHostDbContext db) => Sets(db).Set<NotificationChannelSettings>();

    private static GameHostDbContext Sets(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}
