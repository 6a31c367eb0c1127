using GameHost.Domain.Provisioning.PanelCatalog;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Ordering;

/// <summary>
/// How a panel location reads to a customer: its name from the synced panel catalogue ("Johannesburg"), or
/// "Location 2" while the catalogue has not been synced. Loaded once per order form.
/// </summary>
public sealed class LocationNames(IStringLocalizer<OrderingText> localizer, PanelLocationNamesQuery query)
{
    private PanelLocationNames _names = PanelLocationNames.None;

    public async Task LoadAsync(CancellationToken cancellationToken) => _names = await query.ExecuteAsync(cancellationToken);

    public string Name(int locationId) => _names.Label(locationId, id => localizer["LocationFallback", id]);
}
