using System.Text.RegularExpressions;
using GameHost.Domain.Accounts;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Preferences;

public sealed record ChannelChoice(NotificationChannel Channel, bool Offered, bool Enabled, bool Locked);

public sealed record EventPreferences(string EventCode, string Group, bool Mandatory, IReadOnlyList<ChannelChoice> Channels);

public sealed record ContactView(long? TelegramChatId, string? TelegramUsername, DateTime? TelegramLinkedAtUtc, string? PhoneNumber);

public sealed record PreferencesView(IReadOnlyList<EventPreferences> Events, ContactView Contact, bool TelegramAvailable, bool SmsAvailable);

/// <summary>
/// A user's notification choices per event × channel. Customers see the customer events, staff see the staff events
/// of their roles too. Account events (sign-ins, password, e-mail, two-factor) are raised for every account, staff
/// included, so everyone sees them and can choose (a new sign-in, for one, is optional). Mandatory events are shown locked on in the app and by e-mail; trying to switch them off is
/// refused. Choices can be made again freely (the last one wins).
/// </summary>
public sealed partial class NotificationPreferences(IDbContextFactory<GameHostDbContext> dbFactory, TimeProvider time)
{
    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex E164();

    public async Task<PreferencesView> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == userId
                           select r.Name!).ToListAsync(cancellationToken);
        var choices = await db.NotificationPreferences().AsNoTracking().Where(p => p.UserId == userId).ToListAsync(cancellationToken);
        var contact = await db.NotificationContacts().AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        var settings = await db.NotificationChannelSettings().AsNoTracking().FirstOrDefaultAsync(cancellationToken);

        var events = NotificationCatalogue.All
            .Where(e => e.Code != NotificationCatalogue.Codes.TestMessage)
            .Where(e => e.Audience == NotificationAudience.Customer
                ? e.Group == NotificationCatalogue.GroupAccount || roles.Count == 0 || roles.Contains(Roles.Customer)
                : e.StaffRoles.Any(roles.Contains))
            .Select(e => new EventPreferences(e.Code, e.Group, e.Mandatory, NotificationChannels.All.Select(channel =>
            {
                var stored = choices.FirstOrDefault(p => p.EventCode == e.Code && p.Channel == channel);
                var locked = e.IsLocked(channel);
                var enabled = e.Offers(channel) && (locked || (stored?.Enabled ?? NotificationPreference.DefaultFor(channel)));
                return new ChannelChoice(channel, e.Offers(channel), enabled, locked);
            }).ToList()))
            .ToList();
        return new PreferencesView(
            events,
            new ContactView(contact?.TelegramChatId, contact?.TelegramUsername, contact?.TelegramLinkedAtUtc, contact?.PhoneNumber),
            settings is { TelegramEnabled: true },
            settings is { SmsEnabled: true });
    }

    public async Task<Result> SetAsync(Guid userId, string eventCode, NotificationChannel channel, bool enabled, CancellationToken cancellationToken)
    {
        var notificationEvent = NotificationCatalogue.Find(eventCode);
        if (notificationEvent is null)
        {
            return NotificationErrors.Of(NotificationErrors.UnknownEvent, "There is no such notification.");
        }

        if (!notificationEvent.Offers(channel))
        {
            return NotificationErrors.Of(NotificationErrors.ChannelNotOffered, "This notification is not sent on that channel.");
        }

        if (!enabled && notificationEvent.IsLocked(channel))
        {
            return NotificationErrors.Of(NotificationErrors.Mandatory, "This notification is required and cannot be switched off.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await UpsertAsync(db, userId, eventCode, channel, enabled, time.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>Stores the phone number for SMS (E.164, spaces and dashes ignored); empty removes it.</summary>
    public async Task<Result> SetPhoneAsync(Guid userId, string? phone, CancellationToken cancellationToken)
    {
        var normalized = string.Concat((phone ?? "").Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '(' and not ')'));
        if (normalized.Length > 0 && !E164().IsMatch(normalized))
        {
            return Error.Validation("phone", NotificationErrors.InvalidPhone, "Enter the number in international form, e.g. +34600111222.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await ContactAsync(db, userId, cancellationToken);
        contact.PhoneNumber = normalized.Length == 0 ? null : normalized;
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    internal static async Task UpsertAsync(
        GameHostDbContext db, Guid userId, string eventCode, NotificationChannel channel, bool enabled, DateTime now, CancellationToken cancellationToken)
    {
        var stored = await db.NotificationPreferences()
            .FirstOrDefaultAsync(p => p.UserId == userId && p.EventCode == eventCode && p.Channel == channel, cancellationToken);
        if (stored is null)
        {
            db.NotificationPreferences().Add(new NotificationPreference
            {
                UserId = userId, EventCode = eventCode, Channel = channel, Enabled = enabled, UpdatedAtUtc = now,
            });
        }
        else if (stored.Enabled != enabled)
        {
            stored.Enabled = enabled;
            stored.UpdatedAtUtc = now;
        }
    }

    internal static async Task<NotificationContact> ContactAsync(GameHostDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var contact = await db.NotificationContacts().FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        if (contact is null)
        {
            contact = new NotificationContact { UserId = userId };
            db.NotificationContacts().Add(contact);
        }

        return contact;
    }
}

/// <summary>
/// The unsubscribe link of an optional e-mail: switches that event's e-mails off for the user the token names, with
/// no login. Following it again changes nothing; a mandatory event cannot be unsubscribed.
/// </summary>
public sealed class UnsubscribeFromEmail(IDbContextFactory<GameHostDbContext> dbFactory, IUnsubscribeTokens tokens, TimeProvider time)
{
    /// <summary>What the token points at, without changing anything (for the confirmation page).</summary>
    public Result<UnsubscribeTarget> Inspect(string? token)
    {
        var target = tokens.Read(token);
        if (target is null || NotificationCatalogue.Find(target.EventCode) is not { } notificationEvent || notificationEvent.IsLocked(NotificationChannel.Email))
        {
            return NotificationErrors.Of(NotificationErrors.InvalidToken, "This unsubscribe link is not valid.");
        }

        return target;
    }

    public async Task<Result<UnsubscribeTarget>> ExecuteAsync(string? token, CancellationToken cancellationToken)
    {
        var inspected = Inspect(token);
        if (!inspected.IsSuccess)
        {
            return inspected;
        }

        var target = inspected.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == target.UserId, cancellationToken))
        {
            return NotificationErrors.Of(NotificationErrors.InvalidToken, "This unsubscribe link is not valid.");
        }

        await NotificationPreferences.UpsertAsync(db, target.UserId, target.EventCode, NotificationChannel.Email, false, time.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return target;
    }
}
