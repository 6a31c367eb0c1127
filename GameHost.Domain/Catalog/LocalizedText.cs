using GameHost.Domain.Accounts;

namespace GameHost.Domain.Catalog;

/// <summary>
/// A text staff write once per supported language. English is required because it is the fallback every reader can
/// get; Spanish may be left empty until someone translates it, and then readers in Spanish see the English text.
/// </summary>
public sealed record LocalizedText(string En, string Es)
{
    public static LocalizedText Same(string text) => new(text, text);

    /// <summary>The text for a culture name (<c>es</c>, <c>es-AR</c>), falling back to English.</summary>
    public string For(string? culture)
    {
        var language = culture is { Length: >= 2 } ? culture[..2] : SupportedLanguages.Default;
        return string.Equals(language, "es", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(Es) ? Es : En;
    }

    internal LocalizedText Trimmed() => new(En?.Trim() ?? "", Es?.Trim() ?? "");
}
