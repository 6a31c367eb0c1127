using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.Queries;

public sealed record TariffVersionDetails(int Number, DateTime CreatedAtUtc, Guid? CreatedByUserId, string CreatedByName, bool IsCurrent, TariffVersionContent Content);

public sealed record ScheduledPriceChangeDetails(Guid Id, int FromVersion, int ToVersion, DateTime EffectiveAtUtc, DateTime? NoticeSentAtUtc, string CreatedByName);

public sealed record TariffDetails(
    Guid Id,
    string Slug,
    Guid GameId,
    string GameKey,
    TariffVisibility Visibility,
    int? StockLimit,
    int? PerCustomerLimit,
    BillingModel BillingModel,
    int DisplayOrder,
    bool IsArchived,
    int CurrentVersionNumber,
    Guid ConcurrencyToken,
    IReadOnlyList<Guid> AddOnIds,
    IReadOnlyList<TariffVersionDetails> Versions,
    IReadOnlyList<ScheduledPriceChangeDetails> ScheduledPriceChanges)
{
    public TariffVersionDetails CurrentVersion => Versions.Single(v => v.IsCurrent);
}

/// <summary>Everything the tariff editor shows: the settings, the token to edit with, every version (newest first) and scheduled changes.</summary>
public sealed class TariffDetailsQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    /// <returns>Null when there is no such tariff.</returns>
    public async Task<TariffDetails?> ExecuteAsync(Guid tariffId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tariff = await db.Tariffs().WithVersions().Include(t => t.Game).AsNoTracking().FirstOrDefaultAsync(t => t.Id == tariffId, cancellationToken);
        if (tariff is null)
        {
            return null;
        }

        var changes = await db.ScheduledPriceChanges().AsNoTracking()
            .Where(c => c.TariffId == tariffId)
            .OrderBy(c => c.EffectiveAtUtc)
            .Select(c => new ScheduledPriceChangeDetails(c.Id, c.FromVersionNumber, c.ToVersionNumber, c.EffectiveAtUtc, c.NoticeSentAtUtc, c.CreatedByName))
            .ToListAsync(cancellationToken);

        return new TariffDetails(
            tariff.Id, tariff.Slug, tariff.GameId, tariff.Game!.Key, tariff.Visibility, tariff.StockLimit, tariff.PerCustomerLimit,
            tariff.BillingModel, tariff.DisplayOrder, tariff.IsArchived, tariff.CurrentVersionNumber, tariff.ConcurrencyToken,
            tariff.AddOns.Select(a => a.AddOnId).Order().ToList(),
            tariff.Versions.OrderByDescending(v => v.Number)
                .Select(v => new TariffVersionDetails(v.Number, v.CreatedAtUtc, v.CreatedByUserId, v.CreatedByName,
                    v.Number == tariff.CurrentVersionNumber, TariffVersionContent.Of(v).Normalized()))
                .ToList(),
            changes);
    }
}
