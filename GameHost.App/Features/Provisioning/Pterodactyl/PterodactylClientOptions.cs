namespace GameHost.App.Features.Provisioning.Pterodactyl;

/// <summary>
/// How the panel client behaves (<c>Provisioning:Panel</c> in appsettings.json). The timeouts have floors from the
/// contract (§7): a create waits for the panel's own calls to the node daemon and its cleanup, so a shorter client
/// timeout records a failure for a server that was in fact created. Values below a floor are raised to it.
/// </summary>
public sealed class PterodactylClientOptions
{
    public const string Section = "Provisioning:Panel";

    public const int MinimumCreateTimeoutSeconds = 60;

    public const int MinimumWriteTimeoutSeconds = 30;

    /// <summary>Server create.</summary>
    public int CreateTimeoutSeconds { get; set; } = 90;

    /// <summary>Suspend, unsuspend, reinstall, delete and the PATCH calls.</summary>
    public int WriteTimeoutSeconds { get; set; } = 45;

    /// <summary>Every GET.</summary>
    public int ReadTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// Our own pace per panel. The panel allows 240 a minute per key owner; staying at 200 leaves room for staff
    /// using the same admin account.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 200;

    /// <summary>Requests that may go at once after a quiet spell. Any one minute sees at most this plus the rate.</summary>
    public int Burst { get; set; } = 20;

    /// <summary>How many 429 answers one call waits out before it gives back <c>RateLimited</c>.</summary>
    public int RateLimitRetries { get; set; } = 3;

    /// <summary>A <c>Retry-After</c> longer than this is not waited out inside the call: the queue retries later.</summary>
    public int MaxRetryAfterSeconds { get; set; } = 90;

    /// <summary>Page size for everyday lists.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Page size for catalogue lists (nests, locations, nodes), read in full when staff sync.</summary>
    public int SyncPageSize { get; set; } = 500;

    internal TimeSpan CreateTimeout => TimeSpan.FromSeconds(Math.Max(MinimumCreateTimeoutSeconds, CreateTimeoutSeconds));

    internal TimeSpan WriteTimeout => TimeSpan.FromSeconds(Math.Max(MinimumWriteTimeoutSeconds, WriteTimeoutSeconds));

    internal TimeSpan ReadTimeout => TimeSpan.FromSeconds(Math.Max(1, ReadTimeoutSeconds));
}
