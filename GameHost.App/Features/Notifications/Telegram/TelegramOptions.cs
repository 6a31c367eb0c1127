namespace GameHost.App.Features.Notifications.Telegram;

/// <summary>The <c>Notifications:Telegram</c> settings: where the Bot API lives (tests point it at a local fake).</summary>
public sealed class TelegramOptions
{
    public const string Section = "Notifications:Telegram";

    /// <summary>Empty for the real Bot API (https://api.telegram.org); a self-hosted Bot API server or a test fake otherwise.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Upper bound for one Bot API call.</summary>
    public int TimeoutSeconds { get; set; } = 20;

    public int PollSeconds { get; set; } = 10;
}
