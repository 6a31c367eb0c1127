using System.Globalization;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning.Settings;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Provisioning.Settings;

/// <summary>How panel settings, problems and errors read on the staff pages, in the user's language.</summary>
public static class PanelSettingsDisplay
{
    /// <summary>A business error in plain words; an unknown code falls back to a generic sentence.</summary>
    public static string Error(IStringLocalizer localizer, Error error)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(error);
        var text = error.Code == PanelSettingsErrors.SyncIntervalOutOfRange.Code
            ? localizer["Error." + error.Code, PanelAddress.MinSyncIntervalMinutes, PanelAddress.MaxSyncIntervalMinutes]
            : localizer["Error." + error.Code];
        return text.ResourceNotFound ? localizer["ErrorGeneric"].Value : text.Value;
    }

    /// <summary>What is wrong and what to do about it, for one <see cref="PanelProblem"/>.</summary>
    public static string Problem(IStringLocalizer localizer, PanelProblem problem)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var text = localizer["Problem." + problem];
        return text.ResourceNotFound ? localizer["Problem." + PanelProblem.Other].Value : text.Value;
    }

    public static string When(IStringLocalizer localizer, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer["UtcFormat", utc.ToString("g", CultureInfo.CurrentCulture)];
    }

    public static string Megabytes(int mb) => mb >= 1024
        ? string.Format(CultureInfo.CurrentCulture, "{0:0.#} GiB", mb / 1024m)
        : string.Format(CultureInfo.CurrentCulture, "{0} MiB", mb);
}
