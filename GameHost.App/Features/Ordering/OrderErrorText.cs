using System.Globalization;
using GameHost.Domain.Common;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Ordering;

/// <summary>
/// Business errors of an order in the customer's words. Codes map to <c>Error.{code}</c> resources; an unknown code
/// gets a generic sentence, never the Domain's English message.
/// </summary>
public static class OrderErrorText
{
    public static string For(IStringLocalizer<OrderingText> localizer, Error error, LocationNames locations, int? locationId)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(locations);
        var location = locationId is { } id ? locations.Name(id) : "";
        switch (error.Code)
        {
            case "provisioning.no_capacity":
                var alternatives = Alternatives(error);
                return alternatives.Count == 0
                    ? localizer["Error.provisioning.no_capacity.none", location]
                    : localizer["Error.provisioning.no_capacity", location, string.Join(", ", alternatives.Select(locations.Name))];
            case "provisioning.capacity_unknown":
                return localizer["Error.provisioning.capacity_unknown", location];
            case "provisioning.variable_max" or "provisioning.variable_min" when error.Details.Count == 2:
                return localizer[$"Error.{error.Code}.{error.Details[1]}", error.Details[0]];
            case "provisioning.variable_not_in_list":
                return localizer["Error.provisioning.variable_not_in_list", string.Join(", ", error.Details)];
        }

        var text = localizer["Error." + error.Code];
        return text.ResourceNotFound ? localizer["ErrorGeneric"].Value : text.Value;
    }

    /// <summary>The locations a full location's error names as able to take the server.</summary>
    public static IReadOnlyList<int> Alternatives(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Details
            .Select(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null)
            .OfType<int>()
            .ToList();
    }
}
