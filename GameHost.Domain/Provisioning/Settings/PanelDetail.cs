using GameHost.Domain.Provisioning.Panel;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>The panel's own words about a failure, kept short enough for the settings row.</summary>
internal static class PanelDetail
{
    public const int MaxLength = 1000;

    public static string Of(PanelFailure failure)
    {
        var status = failure.HttpStatus is { } code ? $"HTTP {code.ToString(System.Globalization.CultureInfo.InvariantCulture)} " : "";
        var text = $"{status}{failure.Code}: {failure.Detail}".Trim();
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }
}
