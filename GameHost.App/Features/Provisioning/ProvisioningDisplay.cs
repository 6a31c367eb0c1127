using System.Globalization;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Provisioning;

/// <summary>How provisioning values read on the staff and customer pages, in the user's language.</summary>
public static class ProvisioningDisplay
{
    /// <summary>An enum value through its <c>{Prefix}.{Value}</c> key; an unknown one shows as it is.</summary>
    public static string Named(IStringLocalizer localizer, string prefix, string? value)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = localizer[prefix + "." + value];
        return text.ResourceNotFound ? value : text.Value;
    }

    /// <summary>The panel's status word: null means installed and normal; <paramref name="onPanel"/> false means not created yet.</summary>
    public static string PanelStatus(IStringLocalizer localizer, string prefix, string? status, bool onPanel) =>
        Named(localizer, prefix, !onPanel ? "unknown" : status ?? "none");

    public static string Error(IStringLocalizer localizer, Error error)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(error);
        var text = localizer["Error." + error.Code];
        return text.ResourceNotFound ? localizer["ErrorGeneric"].Value : text.Value;
    }

    public static string DateTime(IStringLocalizer localizer, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer["UtcFormat", utc.ToString("g", CultureInfo.CurrentCulture)];
    }

    public static string Text(LocalizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.For(CultureInfo.CurrentUICulture.Name);
    }

    /// <summary>MiB as a person reads them: whole gigabytes when it divides, else megabytes; 0 is unlimited on the panel.</summary>
    public static string Size(IStringLocalizer localizer, int mib)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (mib == 0)
        {
            return localizer["Unlimited"];
        }

        return mib % 1024 == 0
            ? localizer["SizeGb", (mib / 1024).ToString("N0", CultureInfo.CurrentCulture)]
            : localizer["SizeMb", mib.ToString("N0", CultureInfo.CurrentCulture)];
    }

    public static string Cpu(IStringLocalizer localizer, int percent)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return percent == 0 ? localizer["Unlimited"] : localizer["CpuValue", percent.ToString("N0", CultureInfo.CurrentCulture)];
    }
}
