using GameHost.Domain.Billing;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Billing;

/// <summary>How billing values read to a customer.</summary>
public static class BillingDisplay
{
    public static string Status(IStringLocalizer<BillingText> localizer, InvoiceStatus status)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer["InvoiceStatus." + status];
    }

    /// <summary>A rate in basis points as the user's culture writes a percentage (1500 → "15 %", 2550 → "25.5 %").</summary>
    public static string Rate(int basisPoints) =>
        (basisPoints / 10_000m).ToString("0.##%", System.Globalization.CultureInfo.CurrentCulture);

    public static MudBlazor.Color StatusColor(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Open => MudBlazor.Color.Warning,
        InvoiceStatus.Paid => MudBlazor.Color.Success,
        InvoiceStatus.Void or InvoiceStatus.Uncollectible => MudBlazor.Color.Default,
        _ => MudBlazor.Color.Info,
    };
}
