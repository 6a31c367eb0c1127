using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Notifications.Settings;

public sealed record TelegramConfig(string BotToken, string? BotUsername);

public sealed record SmsConfig(Uri BaseUrl, string AccountSid, string AuthToken, string FromNumber);

/// <summary>
/// The channel settings with their secrets readable, for the adapters only (never for a page). Null when the channel
/// is switched off, incomplete, or its secret can no longer be read (Data Protection keys lost).
/// </summary>
public sealed class ChannelConfig(IDbContextFactory<GameHostDbContext> dbFactory, ISecretProtector protector)
{
    public async Task<TelegramConfig?> TelegramAsync(CancellationToken cancellationToken)
    {
        var settings = await LoadAsync(cancellationToken);
        if (settings is not { TelegramEnabled: true, TelegramBotTokenProtected: { Length: > 0 } sealedToken })
        {
            return null;
        }

        return protector.Unprotect(sealedToken) is { Length: > 0 } token ? new TelegramConfig(token, settings.TelegramBotUsername) : null;
    }

    public async Task<SmsConfig?> SmsAsync(CancellationToken cancellationToken)
    {
        var settings = await LoadAsync(cancellationToken);
        if (settings is not
            {
                SmsEnabled: true, SmsBaseUrl: { Length: > 0 } url, SmsAccountSid: { Length: > 0 } sid,
                SmsAuthTokenProtected: { Length: > 0 } sealedToken, SmsFromNumber: { Length: > 0 } from,
            }
            || !Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
        {
            return null;
        }

        return protector.Unprotect(sealedToken) is { Length: > 0 } token ? new SmsConfig(baseUrl, sid, token, from) : null;
    }

    private async Task<NotificationChannelSettings?> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationChannelSettings().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
    }
}
