using System.Net.Sockets;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Notifications.Telegram;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace GameHost.App.Features.Notifications.Telegram;

/// <summary>
/// The Telegram side of notifications through Telegram.Bot: sends messages to linked chats and reads what people
/// send the bot (for linking). Outside failures become results: 429 waits as long as Telegram asks, 5xx and network
/// trouble are retried, 403 (the user blocked the bot or left) and 400 (no such chat) are permanent.
/// </summary>
public sealed class TelegramBotAdapter(
    ChannelConfig config,
    IHttpClientFactory httpClients,
    IOptions<TelegramOptions> options,
    ILogger<TelegramBotAdapter> logger) : INotificationChannel, ITelegramUpdates
{
    public const string HttpClientName = "telegram";

    /// <summary>Telegram's own limit for one message.</summary>
    public const int MaxMessageLength = 4096;

    public NotificationChannel Channel => NotificationChannel.Telegram;

    public async Task<ChannelSendResult> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var telegram = await config.TelegramAsync(cancellationToken);
        if (telegram is null)
        {
            return ChannelSendResult.Transient("Telegram is not configured or switched off.");
        }

        if (!long.TryParse(message.Destination, System.Globalization.CultureInfo.InvariantCulture, out var chatId))
        {
            return ChannelSendResult.Permanent($"'{message.Destination}' is not a Telegram chat id.");
        }

        var text = message.Text.Length <= MaxMessageLength ? message.Text : message.Text[..(MaxMessageLength - 1)] + "…";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            // No parse mode: the text is sent as plain text, so nothing a value contains is read as markup.
            await Client(telegram.BotToken).SendMessage(chatId, text, ParseMode.None, linkPreviewOptions: new global::Telegram.Bot.Types.LinkPreviewOptions { IsDisabled = true }, cancellationToken: timeout.Token);
            return ChannelSendResult.Sent();
        }
        catch (ApiRequestException ex)
        {
            return Map(ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ChannelSendResult.Transient($"Telegram did not answer within {options.Value.TimeoutSeconds} s.");
        }
        catch (RequestException ex)
        {
            return ChannelSendResult.Transient($"Telegram unreachable: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            return ChannelSendResult.Transient($"Telegram unreachable: {ex.Message}");
        }
        catch (SocketException ex)
        {
            return ChannelSendResult.Transient($"Telegram unreachable: {ex.Message}");
        }
    }

    public async Task<IReadOnlyList<TelegramIncoming>> GetUpdatesAsync(string botToken, long offset, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        var updates = await Client(botToken).GetUpdates(
            offset: offset > int.MaxValue ? int.MaxValue : (int)offset, limit: 100, timeout: 0, allowedUpdates: [UpdateType.Message], cancellationToken: timeout.Token);
        return updates
            .Where(u => u.Message?.Chat is not null)
            .Select(u => new TelegramIncoming(u.Id, u.Message!.Chat.Id, u.Message.From?.Username ?? u.Message.Chat.Username, u.Message.Text))
            .ToList();
    }

    public async Task ReplyAsync(string botToken, long chatId, string text, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        await Client(botToken).SendMessage(chatId, text, ParseMode.None, cancellationToken: timeout.Token);
    }

    private ChannelSendResult Map(ApiRequestException ex)
    {
        logger.LogInformation("Telegram answered {Code}: {Message}", ex.ErrorCode, ex.Message);
        return ex.ErrorCode switch
        {
            429 => ChannelSendResult.Transient($"429 {ex.Message}", ex.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null),
            401 => ChannelSendResult.Transient($"401 {ex.Message} (check the bot token)"),
            400 or 403 => ChannelSendResult.Permanent($"{ex.ErrorCode} {ex.Message}"),
            _ => ChannelSendResult.Transient($"{ex.ErrorCode} {ex.Message}"),
        };
    }

    private TelegramBotClient Client(string token)
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.Value.ApiBaseUrl) ? null : options.Value.ApiBaseUrl.TrimEnd('/');
        // Retries are the dispatcher's business (with the delivery log), not the library's.
        var clientOptions = new TelegramBotClientOptions(token, baseUrl) { RetryThreshold = 0, RetryCount = 0 };
        return new TelegramBotClient(clientOptions, httpClients.CreateClient(HttpClientName));
    }
}
