using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.Queries;

/// <summary>Which currencies the public catalog can be shown in, and which one a signed-in customer is billed in.</summary>
public sealed class CatalogCurrenciesQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    /// <summary>The currencies the listed tariffs' current versions are priced in, by code.</summary>
    public async Task<IReadOnlyList<Currency>> OfferedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listed = db.Tariffs().Where(t => t.Visibility == TariffVisibility.Public && !t.IsArchived);
        var versions = await db.TariffVersions().AsNoTracking()
            .Where(v => listed.Any(t => t.Id == v.TariffId && t.CurrentVersionNumber == v.Number))
            .Include(v => v.Prices)
            .ToListAsync(cancellationToken);
        return versions.SelectMany(v => v.Prices).Select(p => p.Amount.Currency).Distinct().OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>The customer's billing currency; null for staff, unknown users and profiles without one.</summary>
    public async Task<Currency?> CustomerCurrencyAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var code = await db.CustomerProfiles.AsNoTracking()
            .Where(p => p.UserId == userId)
            .Select(p => p.BillingCurrency)
            .FirstOrDefaultAsync(cancellationToken);
        return Currency.TryFromCode(code?.Trim(), out var currency) ? currency : null;
    }
}
