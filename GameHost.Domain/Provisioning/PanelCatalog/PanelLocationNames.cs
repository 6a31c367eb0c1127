using System.Globalization;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.PanelCatalog;

/// <summary>A panel location's names: the <c>short</c> code (<c>za-jnb</c>) and the <c>long</c> description (<c>Johannesburg</c>).</summary>
public sealed record PanelLocationName(int Id, string Code, string? Description)
{
    /// <summary>What a customer reads: the description, or the code when the panel has none.</summary>
    public string Label => string.IsNullOrWhiteSpace(Description) ? Code : Description;

    /// <summary>What staff read: <c>za-jnb — Johannesburg</c>.</summary>
    public string FullLabel => StaffLabel(Code, Description);

    public static string StaffLabel(string code, string? description) =>
        string.IsNullOrWhiteSpace(description) ? code : $"{code} — {description}";
}

/// <summary>Location id → names, from the synced catalogue. Ids the catalogue does not know fall back to "Location {id}".</summary>
public sealed class PanelLocationNames(IReadOnlyDictionary<int, PanelLocationName> names)
{
    public static readonly PanelLocationNames None = new(new Dictionary<int, PanelLocationName>());

    public bool IsEmpty => names.Count == 0;

    public PanelLocationName? Find(int id) => names.GetValueOrDefault(id);

    /// <summary>The customer-facing name, or <paramref name="fallback"/> (by default <c>Location {id}</c>) when unsynced.</summary>
    public string Label(int id, Func<int, string>? fallback = null) =>
        Find(id)?.Label ?? (fallback ?? DefaultFallback)(id);

    /// <summary>The staff-facing name (<c>za-jnb — Johannesburg</c>), or the fallback when unsynced.</summary>
    public string FullLabel(int id, Func<int, string>? fallback = null) =>
        Find(id)?.FullLabel ?? (fallback ?? DefaultFallback)(id);

    private static string DefaultFallback(int id) => string.Create(CultureInfo.InvariantCulture, $"Location {id}");
}

/// <summary>Reads the synced location names, for pages that print location ids (order form, services, staff queues).</summary>
public sealed class PanelLocationNamesQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<PanelLocationNames> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = await db.PanelLocations().AsNoTracking()
            .Select(l => new PanelLocationName(l.Id, l.Code, l.Description))
            .ToDictionaryAsync(l => l.Id, cancellationToken);
        return new PanelLocationNames(names);
    }
}
