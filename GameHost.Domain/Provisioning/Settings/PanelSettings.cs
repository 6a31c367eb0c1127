namespace GameHost.Domain.Provisioning.Settings;

/// <summary>
/// The one Pterodactyl panel GameHost provisions on (a single row, <see cref="SingletonId"/>), with what staff last
/// learned about it: the latest connection test and the latest catalogue sync. The row may exist without a panel
/// (status of the built-in demo panel is kept here too); <see cref="IsConfigured"/> says whether staff connected one.
/// </summary>
public sealed class PanelSettings
{
    public const int SingletonId = 1;

    public const int DefaultSyncIntervalMinutes = 60;

    public int Id { get; set; } = SingletonId;

    /// <summary>The panel's root address, e.g. <c>https://panel.example.com</c>, without a trailing slash.</summary>
    public string PanelUrl { get; set; } = "";

    /// <summary>Where customers are sent to manage their servers; empty = <see cref="PanelUrl"/>.</summary>
    public string PublicPanelUrl { get; set; } = "";

    /// <summary>The API key as <see cref="Common.ISecretProtector"/> protected it; never the key itself.</summary>
    public string ProtectedApiKey { get; set; } = "";

    /// <summary>The key's first 5 and last 4 characters, so staff can tell which key is stored.</summary>
    public string ApiKeyHint { get; set; } = "";

    public int SyncIntervalMinutes { get; set; } = DefaultSyncIntervalMinutes;

    public DateTime? UpdatedAtUtc { get; set; }

    public DateTime? LastTestAtUtc { get; set; }

    public bool? LastTestSucceeded { get; set; }

    /// <summary>What went wrong in the last test, in <see cref="PanelProblem"/> terms.</summary>
    public PanelProblem? LastTestProblem { get; set; }

    /// <summary>The panel's own words about the last failed test (or the adapter's), for staff.</summary>
    public string? LastTestDetail { get; set; }

    public DateTime? LastSyncAtUtc { get; set; }

    public bool? LastSyncSucceeded { get; set; }

    public PanelProblem? LastSyncProblem { get; set; }

    public string? LastSyncDetail { get; set; }

    /// <summary>When the catalogue now stored was read from the panel (a failed sync keeps the older snapshot).</summary>
    public DateTime? CatalogSyncedAtUtc { get; set; }

    public int CatalogLocations { get; set; }

    public int CatalogNodes { get; set; }

    public int CatalogNests { get; set; }

    public int CatalogEggs { get; set; }

    public bool IsConfigured => PanelUrl.Length > 0 && ProtectedApiKey.Length > 0;

    public TimeSpan SyncInterval => TimeSpan.FromMinutes(SyncIntervalMinutes);
}
