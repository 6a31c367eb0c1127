using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.Queries;

public enum PromoCodeStatus
{
    Active = 0,
    Scheduled = 1,
    Expired = 2,
    Exhausted = 3,
    Disabled = 4,
}

public sealed record PromoCodeListItem(
    Guid Id,
    string Code,
    PromoDiscountKind Kind,
    int? PercentBasisPoints,
    IReadOnlyList<Money> FixedAmounts,
    PromoAppliesTo AppliesTo,
    int DiscountedPeriods,
    int? MaxUses,
    int? PerCustomerLimit,
    DateTime? ValidFromUtc,
    DateTime? ValidUntilUtc,
    int Uses,
    PromoCodeStatus Status,
    bool Restricted,
    IReadOnlyList<Guid> TariffIds,
    IReadOnlyList<BillingPeriod> Periods,
    IReadOnlyList<string> Currencies,
    Guid ConcurrencyToken);

/// <summary>Promo codes for the staff list, newest first, with their use counts and where they stand now.</summary>
public sealed class PromoCodeListQuery(IDbContextFactory<GameHostDbContext> contexts, TimeProvider time)
{
    public async Task<IReadOnlyList<PromoCodeListItem>> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var promos = await db.PromoCodes().AsNoTracking().Include(p => p.FixedAmounts).ToListAsync(cancellationToken);
        var uses = await db.PromoRedemptions().AsNoTracking()
            .GroupBy(r => r.PromoCodeId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return promos
            .OrderByDescending(p => p.CreatedAtUtc).ThenBy(p => p.NormalizedCode, StringComparer.Ordinal)
            .Select(p =>
            {
                var used = uses.GetValueOrDefault(p.Id);
                return new PromoCodeListItem(p.Id, p.Code, p.Kind, p.PercentBasisPoints, p.FixedAmounts.Select(a => a.Amount).ToList(),
                    p.AppliesTo, p.DiscountedPeriods, p.MaxUses, p.PerCustomerLimit, p.ValidFromUtc, p.ValidUntilUtc, used,
                    StatusOf(p, used, now), p.TariffIds.Count > 0 || p.Periods.Count > 0 || p.Currencies.Count > 0,
                    p.TariffIds.ToList(), p.Periods.ToList(), p.Currencies.ToList(), p.ConcurrencyToken);
            })
            .ToList();
    }

    private static PromoCodeStatus StatusOf(PromoCode promo, int uses, DateTime nowUtc) =>
        promo.IsDisabled ? PromoCodeStatus.Disabled
        : promo.ValidUntilUtc is { } until && nowUtc >= until ? PromoCodeStatus.Expired
        : promo.MaxUses is { } max && uses >= max ? PromoCodeStatus.Exhausted
        : promo.ValidFromUtc is { } from && nowUtc < from ? PromoCodeStatus.Scheduled
        : PromoCodeStatus.Active;
}
