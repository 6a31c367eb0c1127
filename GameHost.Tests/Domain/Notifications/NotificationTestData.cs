using GameHost.App.Features.Notifications.Sms;
using GameHost.App.Features.Notifications.Telegram;
using GameHost.App.Features.Notifications.Unsubscribe;
using GameHost.App.Features.Provisioning.Settings;
using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Notifications.Telegram;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Notifications;

/// <summary>
/// The notifications feature wired as the host wires it — Domain registrations, the real Telegram and SMS adapters,
/// Data Protection tokens and secrets — over a migrated SQLite database and a fake clock, with a customer in English,
/// one in Spanish, an admin and a support agent.
/// </summary>
public sealed class NotificationTestData : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public NotificationTestData(string? telegramApi = null, string? smsApi = null, Action<NotificationDeliveryOptions>? delivery = null)
    {
        using (var db = Database.NewContext())
        {
            foreach (var role in Roles.All)
            {
                db.Roles.Add(new ApplicationRole(role) { Id = Guid.NewGuid(), NormalizedName = role.ToUpperInvariant() });
            }

            db.SaveChanges();
        }

        CustomerId = AddUser("alice@players.test", Roles.Customer, "Alice Doe", "en");
        SpanishCustomerId = AddUser("bruno@players.test", Roles.Customer, "Bruno Díaz", "es");
        AdminId = AddUser("olivia@gamehost.test", Roles.Admin, "Olivia Admin", "en");
        SupportId = AddUser("sam@gamehost.test", Roles.Support, "Sam Support", "en");

        var protection = new EphemeralDataProtectionProvider();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IDbContextFactory<GameHostDbContext>>(new SqliteTestContextFactory(Database));
        services.AddScoped(_ => Database.NewContext());
        services.AddSingleton<IDataProtectionProvider>(protection);
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<IUnsubscribeTokens, DataProtectionUnsubscribeTokens>();
        services.AddAudit();
        services.AddNotifications();
        services.Configure<NotificationSiteOptions>(o =>
        {
            o.SiteName = "PixelHost";
            o.PublicBaseUrl = "https://hosting.test";
        });
        services.Configure<NotificationDeliveryOptions>(o =>
        {
            o.MaxAttempts = 4;
            delivery?.Invoke(o);
        });
        services.Configure<TelegramOptions>(o =>
        {
            o.ApiBaseUrl = telegramApi;
            o.TimeoutSeconds = 5;
        });
        services.Configure<SmsOptions>(o => o.TimeoutSeconds = 5);
        services.AddHttpClient(TelegramBotAdapter.HttpClientName);
        services.AddHttpClient(TwilioCompatibleSmsChannel.HttpClientName);
        services.AddScoped<TelegramBotAdapter>();
        services.AddScoped<INotificationChannel>(sp => sp.GetRequiredService<TelegramBotAdapter>());
        services.AddScoped<ITelegramUpdates>(sp => sp.GetRequiredService<TelegramBotAdapter>());
        services.AddScoped<INotificationChannel, TwilioCompatibleSmsChannel>();
        _services = services.BuildServiceProvider();
        SmsApi = smsApi;
    }

    public SqliteTestDatabase Database { get; } = new();

    public FakeTimeProvider Time { get; } = new(Start);

    public DateTime NowUtc => Time.GetUtcNow().UtcDateTime;

    public Guid CustomerId { get; }

    public Guid SpanishCustomerId { get; }

    public Guid AdminId { get; }

    public Guid SupportId { get; }

    public string? SmsApi { get; }

    public IServiceProvider Services => _services;

    public NotificationSignals Signals => _services.GetRequiredService<NotificationSignals>();

    /// <summary>A fresh scope, like one request or job run; dispose it.</summary>
    public AsyncServiceScope Scope() => _services.CreateAsyncScope();

    public static T Get<T>(AsyncServiceScope scope)
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>Raises an event the way a feature does: the notifier adds rows, the caller saves.</summary>
    public async Task<Notification?> NotifyAsync(string eventCode, Guid userId, string key, Dictionary<string, string?>? values = null, string? link = null)
    {
        await using var scope = Scope();
        var db = Get<GameHostDbContext>(scope);
        var notification = await Get<Notifier>(scope).NotifyAsync(db, new NotifyRequest(eventCode, userId, values ?? [], key, link), CancellationToken.None);
        await db.SaveChangesAsync();
        return notification;
    }

    public async Task EnableTelegramAsync(string token = FakeTelegramBotApi.Token, string botUsername = "PixelHostBot")
    {
        await using var scope = Scope();
        var protector = Get<ISecretProtector>(scope);
        await using var db = Database.NewContext();
        var settings = await SettingsAsync(db);
        settings.TelegramEnabled = true;
        settings.TelegramBotTokenProtected = protector.Protect(token);
        settings.TelegramBotUsername = botUsername;
        await db.SaveChangesAsync();
    }

    public async Task EnableSmsAsync(Uri baseUrl, string authToken = FakeSmsProvider.AuthToken)
    {
        await using var scope = Scope();
        var protector = Get<ISecretProtector>(scope);
        await using var db = Database.NewContext();
        var settings = await SettingsAsync(db);
        settings.SmsEnabled = true;
        settings.SmsBaseUrl = baseUrl.ToString();
        settings.SmsAccountSid = FakeSmsProvider.AccountSid;
        settings.SmsAuthTokenProtected = protector.Protect(authToken);
        settings.SmsFromNumber = "+15005550006";
        await db.SaveChangesAsync();
    }

    public async Task LinkTelegramAsync(Guid userId, long chatId)
    {
        await using var db = Database.NewContext();
        db.NotificationContacts().Add(new NotificationContact { UserId = userId, TelegramChatId = chatId, TelegramLinkedAtUtc = NowUtc });
        await db.SaveChangesAsync();
    }

    public async Task SetPhoneAsync(Guid userId, string phone)
    {
        await using var db = Database.NewContext();
        var contact = await db.NotificationContacts().FirstOrDefaultAsync(c => c.UserId == userId);
        if (contact is null)
        {
            db.NotificationContacts().Add(new NotificationContact { UserId = userId, PhoneNumber = phone });
        }
        else
        {
            contact.PhoneNumber = phone;
        }

        await db.SaveChangesAsync();
    }

    public async Task ChooseAsync(Guid userId, string eventCode, NotificationChannel channel, bool enabled)
    {
        await using var db = Database.NewContext();
        db.NotificationPreferences().Add(new NotificationPreference { UserId = userId, EventCode = eventCode, Channel = channel, Enabled = enabled, UpdatedAtUtc = NowUtc });
        await db.SaveChangesAsync();
    }

    public async Task<List<NotificationDelivery>> DeliveriesAsync(NotificationChannel? channel = null)
    {
        await using var db = Database.NewContext();
        return await db.NotificationDeliveries().AsNoTracking().Where(d => channel == null || d.Channel == channel).OrderBy(d => d.CreatedAtUtc).ToListAsync();
    }

    public void Dispose()
    {
        _services.Dispose();
        Database.Dispose();
    }

    private static async Task<NotificationChannelSettings> SettingsAsync(GameHostDbContext db)
    {
        var settings = await db.NotificationChannelSettings().FirstOrDefaultAsync();
        if (settings is null)
        {
            settings = new NotificationChannelSettings();
            db.NotificationChannelSettings().Add(settings);
        }

        return settings;
    }

    private Guid AddUser(string email, string role, string name, string language)
    {
        using var db = Database.NewContext();
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            FullName = name,
            PreferredLanguage = language,
            CreatedAtUtc = Start.UtcDateTime,
            SecurityStamp = "stamp",
            ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = db.Roles.Single(r => r.Name == role).Id });
        db.SaveChanges();
        return user.Id;
    }
}
