using System.Globalization;
using System.Security.Cryptography;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Notifications.Templates;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Notifications.Telegram;

/// <summary>A message someone sent to the company's bot.</summary>
public sealed record TelegramIncoming(long UpdateId, long ChatId, string? Username, string? Text);

/// <summary>Port: reads what people sent to the bot (getUpdates) and answers them.</summary>
public interface ITelegramUpdates
{
    /// <summary>Updates from <paramref name="offset"/> on; asking with a higher offset confirms the earlier ones to Telegram.</summary>
    Task<IReadOnlyList<TelegramIncoming>> GetUpdatesAsync(string botToken, long offset, CancellationToken cancellationToken);

    Task ReplyAsync(string botToken, long chatId, string text, CancellationToken cancellationToken);
}

public sealed record TelegramLinkCode(string Code, string? BotUsername, string? DeepLink, DateTime ExpiresAtUtc);

public sealed record TelegramPollResult(int Updates, int Linked)
{
    public string ToSummary() => $"updates={Updates} linked={Linked}";
}

/// <summary>
/// Links a user's Telegram chat: the user asks for a one-time code, sends it to the bot (as <c>/start CODE</c> from
/// the deep link, or as a plain message), and a job reading the bot's updates ties that chat to the user. The
/// update offset is saved with the links it produced, so a repeated run does not process an update twice.
/// </summary>
public sealed class TelegramLinking(
    IDbContextFactory<GameHostDbContext> dbFactory,
    ChannelConfig config,
    ITelegramUpdates telegram,
    TimeProvider time,
    IOptions<NotificationDeliveryOptions> options,
    IOptions<NotificationSiteOptions> site,
    ILogger<TelegramLinking> logger)
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<Result<TelegramLinkCode>> CreateCodeAsync(Guid userId, CancellationToken cancellationToken)
    {
        var telegramConfig = await config.TelegramAsync(cancellationToken);
        if (telegramConfig is null)
        {
            return NotificationErrors.Of(NotificationErrors.TelegramNotConfigured, "Telegram notifications are not available.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await NotificationPreferences.ContactAsync(db, userId, cancellationToken);
        var code = string.Concat(Enumerable.Range(0, 8).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]));
        var expires = time.GetUtcNow().UtcDateTime + options.Value.TelegramLinkCodeLifetime;
        contact.TelegramLinkCode = code;
        contact.TelegramLinkCodeExpiresAtUtc = expires;
        await db.SaveChangesAsync(cancellationToken);
        var bot = telegramConfig.BotUsername?.TrimStart('@');
        return new TelegramLinkCode(code, bot, string.IsNullOrEmpty(bot) ? null : $"https://t.me/{bot}?start={code}", expires);
    }

    public async Task UnlinkAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.NotificationContacts().FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        if (contact is { TelegramChatId: not null })
        {
            contact.TelegramChatId = null;
            contact.TelegramUsername = null;
            contact.TelegramLinkedAtUtc = null;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task<TelegramPollResult> PollAsync(CancellationToken cancellationToken)
    {
        var telegramConfig = await config.TelegramAsync(cancellationToken);
        if (telegramConfig is null)
        {
            return new TelegramPollResult(0, 0);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.NotificationChannelSettings().FirstAsync(cancellationToken);
        var updates = await telegram.GetUpdatesAsync(telegramConfig.BotToken, settings.TelegramUpdateOffset, cancellationToken);
        if (updates.Count == 0)
        {
            return new TelegramPollResult(0, 0);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var replies = new List<(long ChatId, string Key)>();
        var linked = 0;
        foreach (var update in updates.Where(u => u.UpdateId >= settings.TelegramUpdateOffset).OrderBy(u => u.UpdateId))
        {
            var code = CodeIn(update.Text);
            if (code is null)
            {
                continue;
            }

            var contact = await db.NotificationContacts()
                .FirstOrDefaultAsync(c => c.TelegramLinkCode == code && c.TelegramLinkCodeExpiresAtUtc > now, cancellationToken);
            if (contact is null)
            {
                replies.Add((update.ChatId, "Telegram.UnknownCode"));
                continue;
            }

            contact.TelegramChatId = update.ChatId;
            contact.TelegramUsername = update.Username is { Length: > 100 } long_ ? long_[..100] : update.Username;
            contact.TelegramLinkedAtUtc = now;
            contact.TelegramLinkCode = null;
            contact.TelegramLinkCodeExpiresAtUtc = null;
            var language = await db.Users.Where(u => u.Id == contact.UserId).Select(u => u.PreferredLanguage).FirstOrDefaultAsync(cancellationToken);
            replies.Add((update.ChatId, "Telegram.Linked|" + NotificationTemplates.NormalizeLanguage(language)));
            linked++;
        }

        settings.TelegramUpdateOffset = updates.Max(u => u.UpdateId) + 1;
        settings.Version++;
        await db.SaveChangesAsync(cancellationToken);

        foreach (var (chatId, key) in replies)
        {
            var parts = key.Split('|');
            var culture = NotificationTemplates.Culture(parts.Length > 1 ? parts[1] : null);
            var text = TemplateRenderer.RenderText(
                NotificationTemplates.Text(parts[0], culture) ?? "",
                new Dictionary<string, string?> { ["site_name"] = site.Value.SiteName });
            try
            {
                await telegram.ReplyAsync(telegramConfig.BotToken, chatId, text, cancellationToken);
            }
#pragma warning disable CA1031 // The link is saved; a lost courtesy reply is only logged.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Reply to Telegram chat {ChatId} failed", chatId);
            }
        }

        return new TelegramPollResult(updates.Count, linked);
    }

    /// <summary>The code in "/start CODE", "/start@bot CODE" or a bare "CODE"; case and spaces are forgiven.</summary>
    public static string? CodeIn(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var words = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var candidate = words[0].StartsWith("/start", StringComparison.OrdinalIgnoreCase)
            ? words.Length > 1 ? words[1] : null
            : words.Length == 1 ? words[0] : null;
        candidate = candidate?.ToUpper(CultureInfo.InvariantCulture);
        return candidate is { Length: 8 } && candidate.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? candidate : null;
    }
}
