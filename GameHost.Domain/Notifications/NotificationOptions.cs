namespace GameHost.Domain.Notifications;

/// <summary>The product's name and public address as notifications need them; bound from the <c>GameHost</c> settings.</summary>
public sealed class NotificationSiteOptions
{
    public const string Section = "GameHost";

    public string SiteName { get; set; } = "GameHost";

    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    public string Absolute(string pathOrUrl)
    {
        ArgumentNullException.ThrowIfNull(pathOrUrl);
        return Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? pathOrUrl
            : PublicBaseUrl.TrimEnd('/') + "/" + pathOrUrl.TrimStart('/');
    }
}

/// <summary>How Telegram and SMS deliveries are carried out. Bound from <c>Notifications:Delivery</c>.</summary>
public sealed class NotificationDeliveryOptions
{
    public const string Section = "Notifications:Delivery";

    public int MaxAttempts { get; set; } = 6;

    public int BatchSize { get; set; } = 20;

    public int MaxBatchesPerRun { get; set; } = 10;

    /// <summary>How long a claimed delivery stays invisible to other runs; longer than one send can take.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a Telegram link code stays valid.</summary>
    public TimeSpan TelegramLinkCodeLifetime { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// Port: signs and reads the token of an unsubscribe link, so the link works without logging in and cannot be forged
/// for another user or event. The host implements it with ASP.NET Data Protection.
/// </summary>
public interface IUnsubscribeTokens
{
    string Create(Guid userId, string eventCode);

    /// <summary>Null when the token is not one of ours (tampered, truncated, or from another installation).</summary>
    UnsubscribeTarget? Read(string? token);
}

public sealed record UnsubscribeTarget(Guid UserId, string EventCode);
