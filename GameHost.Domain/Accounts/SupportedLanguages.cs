namespace GameHost.Domain.Accounts;

/// <summary>The UI languages the product ships resources for.</summary>
public static class SupportedLanguages
{
    public const string Default = "en";

    public static readonly IReadOnlyList<string> All = ["en", "es"];

    public static bool IsSupported(string? culture) => culture is not null && All.Contains(culture, StringComparer.OrdinalIgnoreCase);
}
