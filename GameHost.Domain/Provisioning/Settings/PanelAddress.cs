using GameHost.Domain.Common;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>
/// The shape rules of the panel settings, shared by the use case and the form: a panel address is the panel's root
/// (GameHost derives <c>/api/application</c> from it, never guesses), and an API key is shown back only masked.
/// </summary>
public static class PanelAddress
{
    public const string ApplicationApiPath = "api/application";

    public const int MinSyncIntervalMinutes = 5;

    public const int MaxSyncIntervalMinutes = 24 * 60;

    public const int MinKeyLength = 16;

    public const int MaxKeyLength = 500;

    public const int MaxUrlLength = 500;

    /// <summary>The root without a trailing slash, or <paramref name="invalid"/> (or "no API path" at the same field).</summary>
    public static Result<string> NormalizeRoot(string? text, Error invalid)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length is 0 or > MaxUrlLength
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0)
        {
            return invalid;
        }

        var root = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (uri.AbsolutePath.Contains("/api/application", StringComparison.OrdinalIgnoreCase))
        {
            return PanelSettingsErrors.UrlIncludesApiPath with { Field = invalid.Field };
        }

        return root;
    }

    /// <summary><c>https://panel.example.com</c> → <c>https://panel.example.com/api/application/</c> (trailing slash, so relative paths append).</summary>
    public static Uri ApplicationApi(string root) => new(root.TrimEnd('/') + "/" + ApplicationApiPath + "/", UriKind.Absolute);

    /// <summary>Null when the key may be stored; otherwise the error.</summary>
    public static Error? CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length is < MinKeyLength or > MaxKeyLength || key.Any(char.IsWhiteSpace) ? PanelSettingsErrors.ApiKeyInvalid : null;
    }

    /// <summary>The first 5 and last 4 characters, e.g. <c>ptla_…x9Qz</c>; never more of the key.</summary>
    public static string Mask(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length < MinKeyLength ? "…" : string.Concat(key.AsSpan(0, 5), "…", key.AsSpan(key.Length - 4));
    }
}
