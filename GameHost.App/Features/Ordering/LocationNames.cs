using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Ordering;

/// <summary>
/// How a panel location reads to a customer. Until location names are synced from the panel it is "Location 2";
/// this is the one place to swap for the synced names.
/// </summary>
public sealed class LocationNames(IStringLocalizer<OrderingText> localizer)
{
    public string Name(int locationId) => localizer["LocationFallback", locationId];
}
