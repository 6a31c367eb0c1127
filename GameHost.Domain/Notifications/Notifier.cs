using System.Globalization;
using System.Runtime.CompilerServices;
using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Notifications.Templates;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Notifications;

/// <summary>
/// What a feature asks to tell one user. <paramref name="Key"/> identifies the occurrence (e.g.
/// <c>price-change:{change}:{subscription}</c>): raising it again notifies nobody twice. <paramref name="Link"/> is a
/// path or absolute URL where the user acts; it fills the <c>link</c> placeholder. <paramref name="EmailAddress"/> sends
/// the e-mail to another address than the account's (a new address being confirmed, the old one told of a change).
/// </summary>
public sealed record NotifyRequest(
    string EventCode, Guid UserId, IReadOnlyDictionary<string, string?> Values, string Key, string? Link = null, string? EmailAddress = null);

/// <summary>
/// Raises catalogue events. Anyone may call it inside their own unit of work: it only adds rows to the caller's
/// context — one <see cref="Notification"/> (the in-app entry) and one delivery per outside channel the recipient gets
/// (an e-mail becomes an <see cref="OutboundEmail"/>) — so the notification is saved with the change that caused it,
/// or not at all. Templates are rendered in the recipient's language; preferences, mandatory events, a linked
/// Telegram chat and a phone number decide the channels. Open bells are signalled after the caller's save commits.
/// </summary>
public sealed class Notifier(
    TimeProvider time,
    IOptions<NotificationSiteOptions> site,
    IUnsubscribeTokens unsubscribeTokens,
    NotificationSignals signals)
{
    public const string UnsubscribePagePath = "/notifications/unsubscribe";
    public const string UnsubscribeOneClickPath = "/notifications/unsubscribe/one-click";

    private static readonly ConditionalWeakTable<GameHostDbContext, PendingSignals> Pending = new();

    private sealed record Recipient(Guid Id, string? Email, string FullName, string Language);

    /// <summary>Adds the notification to <paramref name="db"/>; null when the user does not exist or it was raised before.</summary>
    public async Task<Notification?> NotifyAsync(GameHostDbContext db, NotifyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var notificationEvent = NotificationCatalogue.Get(request.EventCode);
        var recipient = await db.Users.AsNoTracking()
            .Where(u => u.Id == request.UserId)
            .Select(u => new Recipient(u.Id, u.Email, u.FullName, u.PreferredLanguage))
            .FirstOrDefaultAsync(cancellationToken);
        return recipient is null ? null : await NotifyRecipientAsync(db, notificationEvent, recipient, request, cancellationToken);
    }

    /// <summary>Tells every staff member in the event's roles; returns how many notifications were added.</summary>
    public async Task<int> NotifyStaffAsync(
        GameHostDbContext db, string eventCode, IReadOnlyDictionary<string, string?> values, string key, string? link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var notificationEvent = NotificationCatalogue.Get(eventCode);
        var roles = notificationEvent.StaffRoles.Select(r => r.ToUpperInvariant()).ToList();
        var staff = await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.NormalizedName!))))
            .OrderBy(u => u.Email)
            .Select(u => new Recipient(u.Id, u.Email, u.FullName, u.PreferredLanguage))
            .ToListAsync(cancellationToken);
        var added = 0;
        foreach (var member in staff)
        {
            var request = new NotifyRequest(eventCode, member.Id, values, key, link);
            if (await NotifyRecipientAsync(db, notificationEvent, member, request, cancellationToken) is not null)
            {
                added++;
            }
        }

        return added;
    }

    private async Task<Notification?> NotifyRecipientAsync(
        GameHostDbContext db, NotificationEvent notificationEvent, Recipient recipient, NotifyRequest request, CancellationToken cancellationToken)
    {
        var key = $"{request.Key}:{recipient.Id:N}";
        if (db.Notifications().Local.Any(n => n.IdempotencyKey == key)
            || await db.Notifications().AnyAsync(n => n.IdempotencyKey == key, cancellationToken))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var language = NotificationTemplates.NormalizeLanguage(recipient.Language);
        var link = request.Link is null ? null : site.Value.Absolute(request.Link);
        var values = new Dictionary<string, string?>(request.Values, StringComparer.Ordinal)
        {
            ["name"] = string.IsNullOrWhiteSpace(recipient.FullName) ? recipient.Email : recipient.FullName,
            ["site_name"] = site.Value.SiteName,
        };
        values["link"] = link ?? (request.Values.TryGetValue("link", out var given) ? given : null)
            ?? site.Value.Absolute(notificationEvent.Audience == NotificationAudience.Staff ? "/admin" : "/cabinet/notifications");

        var choices = await db.NotificationPreferences().AsNoTracking()
            .Where(p => p.UserId == recipient.Id && p.EventCode == notificationEvent.Code)
            .ToDictionaryAsync(p => p.Channel, p => p.Enabled, cancellationToken);
        bool Wants(NotificationChannel channel) =>
            notificationEvent.Offers(channel)
            && (notificationEvent.IsLocked(channel) || (choices.TryGetValue(channel, out var on) ? on : NotificationPreference.DefaultFor(channel)));

        var inApp = await NotificationTemplates.ResolveAsync(db, notificationEvent.Code, NotificationChannel.InApp, language, cancellationToken);
        var inAppMessage = NotificationComposer.Compose(NotificationChannel.InApp, inApp, values, language, null);
        var notification = new Notification
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = key,
            UserId = recipient.Id,
            EventCode = notificationEvent.Code,
            Language = language,
            Title = Clip(inAppMessage.Subject, Notification.MaxTitleLength),
            Body = Clip(inAppMessage.Text, Notification.MaxBodyLength),
            Link = values["link"],
            ShowInApp = Wants(NotificationChannel.InApp),
            CreatedAtUtc = now,
        };
        db.Notifications().Add(notification);

        var address = string.IsNullOrWhiteSpace(request.EmailAddress) ? recipient.Email : request.EmailAddress.Trim();
        if (Wants(NotificationChannel.Email) && !string.IsNullOrWhiteSpace(address))
        {
            var template = await NotificationTemplates.ResolveAsync(db, notificationEvent.Code, NotificationChannel.Email, language, cancellationToken);
            // Optional e-mails carry an unsubscribe link (a confirmation page) and the one-click address mail clients
            // POST to from the List-Unsubscribe header; both work without logging in.
            var token = notificationEvent.Mandatory ? null : Uri.EscapeDataString(unsubscribeTokens.Create(recipient.Id, notificationEvent.Code));
            var unsubscribe = token is null ? null : site.Value.Absolute(UnsubscribePagePath + "?token=" + token);
            var oneClick = token is null ? null : site.Value.Absolute(UnsubscribeOneClickPath + "?token=" + token);
            var email = NotificationComposer.Compose(NotificationChannel.Email, template, values, language, unsubscribe);
            var outbound = new EmailOutbox(db, time).Add(
                new EmailMessage(address, recipient.FullName, Clip(email.Subject, 500), email.Text, email.Html, notificationEvent.Code, recipient.Id, oneClick),
                Clip($"notify:{key}", 200));
            AddDelivery(db, notification, NotificationChannel.Email, address, email, now, outbound.Id);
        }

        var needsContact = Wants(NotificationChannel.Telegram) || Wants(NotificationChannel.Sms);
        if (needsContact)
        {
            var contact = await db.NotificationContacts().AsNoTracking().FirstOrDefaultAsync(c => c.UserId == recipient.Id, cancellationToken);
            var settings = await db.NotificationChannelSettings().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
            if (Wants(NotificationChannel.Telegram) && contact?.TelegramChatId is { } chatId && settings is { TelegramEnabled: true })
            {
                var template = await NotificationTemplates.ResolveAsync(db, notificationEvent.Code, NotificationChannel.Telegram, language, cancellationToken);
                var message = NotificationComposer.Compose(NotificationChannel.Telegram, template, values, language, null);
                AddDelivery(db, notification, NotificationChannel.Telegram, chatId.ToString(CultureInfo.InvariantCulture), message, now, null);
            }

            if (Wants(NotificationChannel.Sms) && contact?.PhoneNumber is { Length: > 0 } phone && settings is { SmsEnabled: true })
            {
                var template = await NotificationTemplates.ResolveAsync(db, notificationEvent.Code, NotificationChannel.Sms, language, cancellationToken);
                var message = NotificationComposer.Compose(NotificationChannel.Sms, template, values, language, null);
                AddDelivery(db, notification, NotificationChannel.Sms, phone, message, now, null);
            }
        }

        SignalAfterSave(db, notification);
        return notification;
    }

    private static void AddDelivery(
        GameHostDbContext db, Notification notification, NotificationChannel channel, string destination, ComposedMessage message, DateTime now, Guid? outboundEmailId)
    {
        db.NotificationDeliveries().Add(new NotificationDelivery
        {
            Id = Guid.NewGuid(),
            NotificationId = notification.Id,
            UserId = notification.UserId,
            EventCode = notification.EventCode,
            Channel = channel,
            Destination = destination,
            Subject = string.IsNullOrEmpty(message.Subject) ? null : Clip(message.Subject, Notification.MaxTitleLength),
            Body = Clip(message.Text, Notification.MaxBodyLength),
            OutboundEmailId = outboundEmailId,
            Status = outboundEmailId is null ? DeliveryStatus.Pending : DeliveryStatus.InEmailOutbox,
            CreatedAtUtc = now,
            NextAttemptAtUtc = now,
        });
    }

    /// <summary>Open bells hear of the notification once the caller's save has committed it, never before.</summary>
    private void SignalAfterSave(GameHostDbContext db, Notification notification)
    {
        var pending = Pending.GetValue(db, context =>
        {
            var created = new PendingSignals(signals);
            context.SavedChanges += (sender, _) => created.Flush((GameHostDbContext)sender!);
            return created;
        });
        pending.Add(notification);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";

    private sealed class PendingSignals(NotificationSignals signals)
    {
        private readonly List<Notification> _waiting = [];

        public void Add(Notification notification)
        {
            lock (_waiting)
            {
                _waiting.Add(notification);
            }
        }

        public void Flush(GameHostDbContext db)
        {
            List<Guid> users;
            lock (_waiting)
            {
                var saved = _waiting.Where(n => db.Entry(n).State == EntityState.Unchanged).ToList();
                _waiting.RemoveAll(n => db.Entry(n).State != EntityState.Added);
                users = saved.Where(n => n.ShowInApp).Select(n => n.UserId).Distinct().ToList();
            }

            foreach (var user in users)
            {
                signals.Publish(user);
            }
        }
    }
}
