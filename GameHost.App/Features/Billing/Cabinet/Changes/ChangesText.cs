using GameHost.Domain.Common;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Billing.Cabinet.Changes;

/// <summary>Marker for the strings of service changes, cancellations, products and pools (ChangesText.resx, ChangesText.es.resx).</summary>
public sealed class ChangesText;

public static class ChangesDisplay
{
    /// <summary>The localized words for an error code, else the Domain's English message.</summary>
    public static string Error(IStringLocalizer<ChangesText> localizer, Error error)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(error);
        var text = localizer["Error." + error.Code];
        return text.ResourceNotFound ? error.Message : text.Value;
    }

    /// <summary>A share of a pool as a percentage for a progress bar (0–100).</summary>
    public static double Percent(long used, long total) => total <= 0 ? 0 : Math.Clamp(100.0 * used / total, 0, 100);

    public static string Mib(int mib) => mib >= 1024 && mib % 1024 == 0
        ? $"{(mib / 1024).ToString(System.Globalization.CultureInfo.CurrentCulture)} GB"
        : $"{mib.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)} MiB";
}
