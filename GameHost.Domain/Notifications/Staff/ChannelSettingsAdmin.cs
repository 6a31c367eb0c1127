using System.Text.RegularExpressions;
using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Staff;

/// <summary>The channel settings as a page may show them: secrets only as their last characters.</summary>
public sealed record ChannelSettingsView(
    bool TelegramEnabled, string? TelegramBotUsername, string? TelegramTokenHint,
    bool SmsEnabled, string? SmsBaseUrl, string? SmsAccountSid, string? SmsTokenHint, string? SmsFromNumber);

/// <summary>A blank secret keeps the stored one.</summary>
public sealed record TelegramSettingsInput(bool Enabled, string? BotToken, string? BotUsername);

public sealed record SmsSettingsInput(bool Enabled, string? BaseUrl, string? AccountSid, string? AuthToken, string? FromNumber);

/// <summary>
/// Staff configure the company's Telegram bot and SMS provider and try them with a test message. Secrets are stored
/// through <see cref="ISecretProtector"/> and shown back only as a hint; changes are audited without the secrets.
/// </summary>
public sealed partial class ChannelSettingsAdmin(
    IDbContextFactory<GameHostDbContext> dbFactory,
    ISecretProtector protector,
    IEnumerable<INotificationChannel> channels,
    AuditLog audit,
    TimeProvider time)
{
    public static readonly IReadOnlyList<string> SettingsRoles = [Roles.Admin];

    [GeneratedRegex(@"^[0-9]{3,20}:[A-Za-z0-9_-]{20,100}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BotToken();

    [GeneratedRegex(@"^@?[A-Za-z][A-Za-z0-9_]{3,31}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BotUsername();

    [GeneratedRegex(@"^\+?[0-9A-Za-z]{3,20}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Sender();

    public async Task<ChannelSettingsView> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var s = await db.NotificationChannelSettings().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new NotificationChannelSettings();
        return new ChannelSettingsView(
            s.TelegramEnabled, s.TelegramBotUsername, Hint(s.TelegramBotTokenProtected),
            s.SmsEnabled, s.SmsBaseUrl, s.SmsAccountSid, Hint(s.SmsAuthTokenProtected), s.SmsFromNumber);
    }

    public async Task<Result> SaveTelegramAsync(Guid staffUserId, TelegramSettingsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var token = input.BotToken?.Trim();
        var username = input.BotUsername?.Trim().TrimStart('@');
        var errors = new List<Error>();
        if (!string.IsNullOrEmpty(token) && !BotToken().IsMatch(token))
        {
            errors.Add(Error.Validation("botToken", NotificationErrors.InvalidBotToken, "This is not a bot token (it looks like 123456:ABC…)."));
        }

        if (!string.IsNullOrEmpty(username) && !BotUsername().IsMatch(username))
        {
            errors.Add(Error.Validation("botUsername", NotificationErrors.InvalidBotUsername, "This is not a bot username."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, settings) = await LoadAsync(db, staffUserId, cancellationToken);
        if (actor is null)
        {
            return NotificationErrors.Of(NotificationErrors.NotStaff, "Only an administrator can change channel settings.");
        }

        if (input.Enabled && string.IsNullOrEmpty(token) && string.IsNullOrEmpty(settings.TelegramBotTokenProtected))
        {
            errors.Add(Error.Validation("botToken", NotificationErrors.InvalidBotToken, "Enter the bot token to switch Telegram on."));
        }

        if (errors.Count > 0)
        {
            return errors[0] with { Related = errors };
        }

        var before = new { settings.TelegramEnabled, settings.TelegramBotUsername, TokenHint = Hint(settings.TelegramBotTokenProtected) };
        settings.TelegramEnabled = input.Enabled;
        settings.TelegramBotUsername = string.IsNullOrEmpty(username) ? null : username;
        if (!string.IsNullOrEmpty(token))
        {
            settings.TelegramBotTokenProtected = protector.Protect(token);
            settings.TelegramUpdateOffset = 0;
        }

        settings.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        settings.Version++;
        audit.Record(db, actor, "notifications.telegram_settings_saved", "NotificationChannelSettings", "telegram", before,
            new { settings.TelegramEnabled, settings.TelegramBotUsername, TokenHint = Hint(settings.TelegramBotTokenProtected) });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    public async Task<Result> SaveSmsAsync(Guid staffUserId, SmsSettingsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var url = input.BaseUrl?.Trim();
        var sid = input.AccountSid?.Trim();
        var token = input.AuthToken?.Trim();
        var from = input.FromNumber?.Trim();
        var errors = new List<Error>();
        if (!string.IsNullOrEmpty(url)
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add(Error.Validation("baseUrl", NotificationErrors.InvalidSmsUrl, "Enter the provider's address, e.g. https://api.twilio.com."));
        }

        if (!string.IsNullOrEmpty(sid) && (sid.Length > 200 || sid.Any(c => !char.IsAsciiLetterOrDigit(c))))
        {
            errors.Add(Error.Validation("accountSid", NotificationErrors.InvalidSmsAccount, "The account id may hold only letters and digits."));
        }

        if (!string.IsNullOrEmpty(from) && !Sender().IsMatch(from))
        {
            errors.Add(Error.Validation("fromNumber", NotificationErrors.InvalidPhone, "Enter the sender as an international number, e.g. +15005550006."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, settings) = await LoadAsync(db, staffUserId, cancellationToken);
        if (actor is null)
        {
            return NotificationErrors.Of(NotificationErrors.NotStaff, "Only an administrator can change channel settings.");
        }

        if (input.Enabled)
        {
            if (string.IsNullOrEmpty(url))
            {
                errors.Add(Error.Validation("baseUrl", NotificationErrors.InvalidSmsUrl, "Enter the provider's address to switch SMS on."));
            }

            if (string.IsNullOrEmpty(sid))
            {
                errors.Add(Error.Validation("accountSid", NotificationErrors.InvalidSmsAccount, "Enter the account id to switch SMS on."));
            }

            if (string.IsNullOrEmpty(token) && string.IsNullOrEmpty(settings.SmsAuthTokenProtected))
            {
                errors.Add(Error.Validation("authToken", NotificationErrors.InvalidSmsToken, "Enter the auth token to switch SMS on."));
            }

            if (string.IsNullOrEmpty(from))
            {
                errors.Add(Error.Validation("fromNumber", NotificationErrors.InvalidPhone, "Enter the sender number to switch SMS on."));
            }
        }

        if (errors.Count > 0)
        {
            return errors[0] with { Related = errors };
        }

        var before = new { settings.SmsEnabled, settings.SmsBaseUrl, settings.SmsAccountSid, settings.SmsFromNumber, TokenHint = Hint(settings.SmsAuthTokenProtected) };
        settings.SmsEnabled = input.Enabled;
        settings.SmsBaseUrl = string.IsNullOrEmpty(url) ? null : url;
        settings.SmsAccountSid = string.IsNullOrEmpty(sid) ? null : sid;
        settings.SmsFromNumber = string.IsNullOrEmpty(from) ? null : from;
        if (!string.IsNullOrEmpty(token))
        {
            settings.SmsAuthTokenProtected = protector.Protect(token);
        }

        settings.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        settings.Version++;
        audit.Record(db, actor, "notifications.sms_settings_saved", "NotificationChannelSettings", "sms", before,
            new { settings.SmsEnabled, settings.SmsBaseUrl, settings.SmsAccountSid, settings.SmsFromNumber, TokenHint = Hint(settings.SmsAuthTokenProtected) });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>
    /// Sends a test message at once (not through the queue: staff wait for the answer) to the staff member's own linked
    /// Telegram chat, or to the phone number given.
    /// </summary>
    public async Task<Result> SendTestAsync(Guid staffUserId, NotificationChannel channel, string? phoneNumber, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, _) = await LoadAsync(db, staffUserId, cancellationToken);
        if (actor is null)
        {
            return NotificationErrors.Of(NotificationErrors.NotStaff, "Only an administrator can change channel settings.");
        }

        var adapter = channels.FirstOrDefault(c => c.Channel == channel);
        if (adapter is null)
        {
            return NotificationErrors.Of(NotificationErrors.ChannelNotOffered, "This channel cannot be tested.");
        }

        var language = await db.Users.Where(u => u.Id == staffUserId).Select(u => u.PreferredLanguage).FirstAsync(cancellationToken);
        string destination;
        if (channel == NotificationChannel.Telegram)
        {
            var chat = await db.NotificationContacts().Where(c => c.UserId == staffUserId).Select(c => c.TelegramChatId).FirstOrDefaultAsync(cancellationToken);
            if (chat is null)
            {
                return NotificationErrors.Of(NotificationErrors.NoDestination, "Link your own Telegram chat first (on your notifications page).");
            }

            destination = chat.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            destination = string.Concat((phoneNumber ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-'));
            if (!System.Text.RegularExpressions.Regex.IsMatch(destination, @"^\+[1-9][0-9]{7,14}$", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                return Error.Validation("phone", NotificationErrors.InvalidPhone, "Enter the number in international form, e.g. +34600111222.");
            }
        }

        var notificationEvent = Catalogue.NotificationCatalogue.Get(Catalogue.NotificationCatalogue.Codes.TestMessage);
        var template = await Templates.NotificationTemplates.ResolveAsync(db, notificationEvent.Code, channel, language, cancellationToken);
        var message = Templates.NotificationComposer.Compose(channel, template, Templates.NotificationTemplates.SampleValues(notificationEvent, language)
            .ToDictionary(p => p.Key, p => p.Key == "site_name" ? "GameHost" : p.Value), language, null);
        var result = await adapter.SendAsync(new ChannelMessage(Guid.NewGuid(), destination, message.Text), cancellationToken);
        audit.Record(db, actor, "notifications.channel_tested", "NotificationChannelSettings", channel.Key(), null, new { result.Outcome, result.Message });
        await db.SaveChangesAsync(cancellationToken);
        return result.Outcome == ChannelSendOutcome.Sent
            ? Result.Success()
            : NotificationErrors.Of(NotificationErrors.SendFailed, result.Message ?? "The message was not sent.") with { Details = [result.Message ?? ""] };
    }

    private static async Task<(AuditActor? Actor, NotificationChannelSettings Settings)> LoadAsync(GameHostDbContext db, Guid staffUserId, CancellationToken cancellationToken)
    {
        var actor = await StaffActors.FindAsync(db, staffUserId, SettingsRoles, cancellationToken);
        var settings = await db.NotificationChannelSettings().FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new NotificationChannelSettings();
            db.NotificationChannelSettings().Add(settings);
        }

        return (actor, settings);
    }

    /// <summary>The last four characters of a stored secret, or null; never the secret itself.</summary>
    private string? Hint(string? protectedSecret)
    {
        if (string.IsNullOrEmpty(protectedSecret))
        {
            return null;
        }

        var secret = protector.Unprotect(protectedSecret);
        return secret is null ? "?" : "…" + secret[^Math.Min(4, secret.Length)..];
    }
}
