using System.Text.Json;
using GameHost.Domain.Catalog;

namespace GameHost.App.Features.Catalog.Admin;

/// <summary>Which parts of a tariff differ between two versions, for the history at a glance.</summary>
public static class VersionChanges
{
    /// <returns>Keys (Name, Description, Game, Variables, Resources, Features, Locations, Trial, SetupFees, Prices); "Nothing" when equal.</returns>
    public static IReadOnlyList<string> Between(TariffVersionContent before, TariffVersionContent after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        Add(changes, "Name", before.Name, after.Name);
        Add(changes, "Description", before.Description, after.Description);
        Add(changes, "Game", before.Game, after.Game);
        Add(changes, "Variables", before.Variables, after.Variables);
        Add(changes, "Resources", before.Resources, after.Resources);
        Add(changes, "Features", before.Features, after.Features);
        Add(changes, "Locations", new { before.LocationIds, before.NodeIds }, new { after.LocationIds, after.NodeIds });
        Add(changes, "Trial", before.TrialDays, after.TrialDays);
        Add(changes, "SetupFees", before.SetupFees, after.SetupFees);
        Add(changes, "Prices", before.Prices, after.Prices);
        return changes.Count == 0 ? ["Nothing"] : changes;
    }

    // Records compare lists by reference; JSON compares what they hold (the query returns both contents normalized).
    private static void Add<T>(List<string> changes, string key, T before, T after)
    {
        if (!string.Equals(JsonSerializer.Serialize(before), JsonSerializer.Serialize(after), StringComparison.Ordinal))
        {
            changes.Add(key);
        }
    }
}
