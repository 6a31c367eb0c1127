using GameHost.Domain.Common;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>Stable codes for what the panel settings refuse; the UI maps each code to localized words.</summary>
public static class PanelSettingsErrors
{
    public static readonly Error ActorNotAdmin = new("panel.actor_not_admin", "Only administrators can change the panel connection.");

    public static readonly Error UrlInvalid = Error.Validation("PanelUrl", "panel.url_invalid",
        "Enter the panel's address as an absolute http:// or https:// URL, e.g. https://panel.example.com.");

    public static readonly Error UrlIncludesApiPath = Error.Validation("PanelUrl", "panel.url_includes_api_path",
        "Enter the panel's own address without /api/application; GameHost adds that itself.");

    public static readonly Error PublicUrlInvalid = Error.Validation("PublicPanelUrl", "panel.public_url_invalid",
        "Enter the public address as an absolute http:// or https:// URL, or leave it empty to use the panel address.");

    public static readonly Error ApiKeyRequired = Error.Validation("ApiKey", "panel.api_key_required",
        "Enter the panel's API key.");

    public static readonly Error ApiKeyInvalid = Error.Validation("ApiKey", "panel.api_key_invalid",
        "This does not look like a panel API key: it is at least 16 characters without spaces (application keys start with ptla_).");

    public static readonly Error SyncIntervalOutOfRange = Error.Validation("SyncIntervalMinutes", "panel.sync_interval_out_of_range",
        $"Sync every {PanelAddress.MinSyncIntervalMinutes}–{PanelAddress.MaxSyncIntervalMinutes} minutes.");
}
