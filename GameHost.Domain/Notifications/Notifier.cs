using System.Globalization;
using System.Runtime.CompilerServices;
using GameHost.Domain.Accounts;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Notifications.Templates;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Notifications;

/// <summary>
/// What a feature asks to tell one user. <paramref name="Key"/> identifies the occurrence (e.g.
/// <c>price-change:{change}:{subscription}</c>): raising it again notifies nobody twice. <paramref name="Link"/> is a
/// path or absolute URL where the user acts; it fills the <c>link</c> placeholder. <paramref name="EmailAddress"/> sends
/// the e-mail to another address than the account's (a new address being confirmed, the old one told of a change).
/// </summary>
public sealed record NotifyRequest(
    string EventCode, Guid UserId, IReadOnlyDictionary<string, string?> Values, string Key, string? Link = null, string? EmailAddress = null)
{
    /// <summary>Where an answer to the e-mail goes (the Reply-To header), e.g. the support mailbox for ticket mail.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>The e-mail is written by the product, not a person: it carries <c>Auto-Submitted</c> (no loops).</summary>
    public bool Automatic { get; init; }

    /// <summary>Files the e-mail carries (other channels only tell that there is a message).</summary>
    public IReadOnlyList<EmailAttachmentRef> EmailAttachments { get; init; } = [];
}

/// <summary>
/// Raises catalogue events. Anyone may call it inside their own unit of work: it only adds rows to the caller's
/// context — one <see cref="Notification"/> (the in-app entry) and one delivery per outside channel the recipient gets
/// (an e-mail becomes an <see cref="OutboundEmail"/>) — so the notification is saved with the change that caused it,
/// or not at all. Templates are rendered in the recipient's language; preferences, mandatory events, a linked
/// Telegram chat and a phone number decide the channels. Open bells are signalled once the caller's save is committed
/// (after its transaction, when it runs in one).
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
        return recipient is null ? null : (await RaiseAsync(db, [(Event: notificationEvent, Recipient: recipient, Request: request)], cancellationToken))[0];
    }

    /// <summary>
    /// Raises many events at once with a fixed number of reads, however many requests there are (recipients,
    /// earlier keys, preferences, template overrides, contacts): for sweeps and batches that write hundreds of rows
    /// in one save. Requests for users that do not exist and occurrences raised before are skipped; returns how many
    /// notifications were added.
    /// </summary>
    public async Task<int> NotifyManyAsync(GameHostDbContext db, IReadOnlyList<NotifyRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return 0;
        }

        var userIds = requests.Select(r => r.UserId).Distinct().ToList();
        var recipients = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new Recipient(u.Id, u.Email, u.FullName, u.PreferredLanguage))
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var items = requests
            .Where(r => recipients.ContainsKey(r.UserId))
            .Select(r => (Event: NotificationCatalogue.Get(r.EventCode), Recipient: recipients[r.UserId], Request: r))
            .ToList();
        return items.Count == 0 ? 0 : (await RaiseAsync(db, items, cancellationToken)).Count(n => n is not null);
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
        if (staff.Count == 0)
        {
            return 0;
        }

        var items = staff.Select(member => (Event: notificationEvent, Recipient: member, Request: new NotifyRequest(eventCode, member.Id, values, key, link))).ToList();
        return (await RaiseAsync(db, items, cancellationToken)).Count(n => n is not null);
    }

    /// <summary>What the raise reads once for all its requests.</summary>
    private sealed class Lookups
    {
        public required HashSet<string> Existing { get; init; }

        public required Dictionary<(Guid User, string Event, NotificationChannel Channel), bool> Choices { get; init; }

        public required Dictionary<(string Event, NotificationChannel Channel, string Language), NotificationTemplateOverride> Overrides { get; init; }

        public Dictionary<Guid, NotificationContact> Contacts { get; set; } = [];

        public NotificationChannelSettings? Settings { get; set; }

        public NotificationTemplate Template(string eventCode, NotificationChannel channel, string language) =>
            Overrides.TryGetValue((eventCode, channel, language), out var stored)
                ? new NotificationTemplate(NotificationTemplates.UsesSubject(channel) ? stored.Subject ?? "" : null, stored.Body, true)
                : NotificationTemplates.Default(eventCode, channel, language);

        public bool Wants(NotificationEvent notificationEvent, Guid userId, NotificationChannel channel) =>
            notificationEvent.Offers(channel)
            && (notificationEvent.IsLocked(channel)
                || (Choices.TryGetValue((userId, notificationEvent.Code, channel), out var on) ? on : NotificationPreference.DefaultFor(channel)));
    }

    private static string FullKey(NotifyRequest request, Guid recipientId) => $"{request.Key}:{recipientId:N}";

    private async Task<List<Notification?>> RaiseAsync(
        GameHostDbContext db, IReadOnlyList<(NotificationEvent Event, Recipient Recipient, NotifyRequest Request)> items, CancellationToken cancellationToken)
    {
        var keys = items.Select(i => FullKey(i.Request, i.Recipient.Id)).Distinct(StringComparer.Ordinal).ToList();
        var userIds = items.Select(i => i.Recipient.Id).Distinct().ToList();
        var codes = items.Select(i => i.Event.Code).Distinct(StringComparer.Ordinal).ToList();
        var languages = items.Select(i => NotificationTemplates.NormalizeLanguage(i.Recipient.Language)).Distinct(StringComparer.Ordinal).ToList();

        var existing = db.Notifications().Local.Select(n => n.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        existing.UnionWith(await db.Notifications().AsNoTracking()
            .Where(n => keys.Contains(n.IdempotencyKey)).Select(n => n.IdempotencyKey).ToListAsync(cancellationToken));
        var choices = await db.NotificationPreferences().AsNoTracking()
            .Where(p => userIds.Contains(p.UserId) && codes.Contains(p.EventCode))
            .ToDictionaryAsync(p => (p.UserId, p.EventCode, p.Channel), p => p.Enabled, cancellationToken);
        var overrides = await db.NotificationTemplates().AsNoTracking()
            .Where(t => codes.Contains(t.EventCode) && languages.Contains(t.Language))
            .ToListAsync(cancellationToken);
        var lookups = new Lookups
        {
            Existing = existing,
            Choices = choices,
            Overrides = overrides.DistinctBy(t => (t.EventCode, t.Channel, t.Language)).ToDictionary(t => (t.EventCode, t.Channel, t.Language)),
        };

        var needsContact = items.Any(i => lookups.Wants(i.Event, i.Recipient.Id, NotificationChannel.Telegram)
            || lookups.Wants(i.Event, i.Recipient.Id, NotificationChannel.Sms));
        if (needsContact)
        {
            lookups.Contacts = await db.NotificationContacts().AsNoTracking()
                .Where(c => userIds.Contains(c.UserId)).ToDictionaryAsync(c => c.UserId, cancellationToken);
            lookups.Settings = await db.NotificationChannelSettings().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        }

        var added = new List<Notification?>(items.Count);
        foreach (var (notificationEvent, recipient, request) in items)
        {
            added.Add(Raise(db, notificationEvent, recipient, request, lookups));
        }

        return added;
    }

    private Notification? Raise(GameHostDbContext db, NotificationEvent notificationEvent, Recipient recipient, NotifyRequest request, Lookups lookups)
    {
        var key = FullKey(request, recipient.Id);
        if (!lookups.Existing.Add(key))
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

        bool Wants(NotificationChannel channel) => lookups.Wants(notificationEvent, recipient.Id, channel);

        var inApp = lookups.Template(notificationEvent.Code, NotificationChannel.InApp, language);
        var inAppMessage = NotificationComposer.Compose(NotificationChannel.InApp, inApp, values, language, null);
        var notification = new Notification
        {
            Id = TimeOrderedId.New(now),
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
            var template = lookups.Template(notificationEvent.Code, NotificationChannel.Email, language);
            // Optional e-mails carry an unsubscribe link (a confirmation page) and the one-click address mail clients
            // POST to from the List-Unsubscribe header; both work without logging in.
            var token = notificationEvent.IsLocked(NotificationChannel.Email) ? null : Uri.EscapeDataString(unsubscribeTokens.Create(recipient.Id, notificationEvent.Code));
            var unsubscribe = token is null ? null : site.Value.Absolute(UnsubscribePagePath + "?token=" + token);
            var oneClick = token is null ? null : site.Value.Absolute(UnsubscribeOneClickPath + "?token=" + token);
            var email = NotificationComposer.Compose(NotificationChannel.Email, template, values, language, unsubscribe);
            var outbound = new EmailOutbox(db, time).Add(
                new EmailMessage(address, recipient.FullName, Clip(email.Subject, 500), email.Text, email.Html, notificationEvent.Code, recipient.Id, oneClick)
                {
                    ReplyTo = request.ReplyTo,
                    IsAutomatic = request.Automatic,
                    Attachments = request.EmailAttachments,
                },
                Clip($"notify:{key}", 200));
            AddDelivery(db, notification, NotificationChannel.Email, address, email, now, outbound.Id);
        }

        var contact = lookups.Contacts.GetValueOrDefault(recipient.Id);
        if (Wants(NotificationChannel.Telegram) && contact?.TelegramChatId is { } chatId && lookups.Settings is { TelegramEnabled: true })
        {
            var template = lookups.Template(notificationEvent.Code, NotificationChannel.Telegram, language);
            var message = NotificationComposer.Compose(NotificationChannel.Telegram, template, values, language, null);
            AddDelivery(db, notification, NotificationChannel.Telegram, chatId.ToString(CultureInfo.InvariantCulture), message, now, null);
        }

        if (Wants(NotificationChannel.Sms) && contact?.PhoneNumber is { Length: > 0 } phone && lookups.Settings is { SmsEnabled: true })
        {
            var template = lookups.Template(notificationEvent.Code, NotificationChannel.Sms, language);
            var message = NotificationComposer.Compose(NotificationChannel.Sms, template, values, language, null);
            AddDelivery(db, notification, NotificationChannel.Sms, phone, message, now, null);
        }

        SignalAfterSave(db, notification);
        return notification;
    }

    private static void AddDelivery(
        GameHostDbContext db, Notification notification, NotificationChannel channel, string destination, ComposedMessage message, DateTime now, Guid? outboundEmailId)
    {
        db.NotificationDeliveries().Add(new NotificationDelivery
        {
            Id = TimeOrderedId.New(now),
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

    /// <summary>
    /// Open bells hear of the notification once it is committed, never before: after the caller's save, or, when the
    /// save ran inside an explicit transaction, after that transaction commits (<see cref="SignalsOnCommit"/>).
    /// </summary>
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

            if (users.Count == 0)
            {
                return;
            }

            // Inside an explicit transaction the rows are not visible to the bells' own contexts until the commit:
            // the signals wait for it (and are forgotten on a rollback) when the transaction is watched.
            if (db.Database.CurrentTransaction?.GetDbTransaction() is { } transaction && SignalsOnCommit.TryHold(transaction, signals, users))
            {
                return;
            }

            foreach (var user in users)
            {
                signals.Publish(user);
            }
        }
    }
}
