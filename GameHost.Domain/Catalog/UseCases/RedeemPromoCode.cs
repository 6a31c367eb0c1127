using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.UseCases;

/// <summary>
/// Counts a use of a promo code for an order. The order use case calls it on its own context so the redemption is
/// saved with the order, or not at all. Keyed by the order's request id: a retried order gets its first redemption
/// back and the code is not counted twice. The code's concurrency token moves with each use, so two orders racing
/// for its last use cannot both be saved.
/// </summary>
public sealed class RedeemPromoCode(IDbContextFactory<GameHostDbContext> contexts, TimeProvider time)
{
    public async Task<Result<PromoRedemption>> AddAsync(
        GameHostDbContext db, Guid promoCodeId, Guid customerId, string orderRequestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(orderRequestId);
        var existing = await db.PromoRedemptions().FirstOrDefaultAsync(r => r.OrderRequestId == orderRequestId, cancellationToken);
        if (existing is not null)
        {
            return existing.PromoCodeId == promoCodeId && existing.CustomerId == customerId
                ? existing
                : CatalogErrors.Invalid("OrderRequestId", "This order request already used another promo code or customer.");
        }

        var promo = await db.PromoCodes().FirstOrDefaultAsync(p => p.Id == promoCodeId, cancellationToken);
        if (promo is null || promo.IsDisabled)
        {
            return CatalogErrors.PromoInvalid;
        }

        var uses = await db.PromoRedemptions().CountAsync(r => r.PromoCodeId == promoCodeId, cancellationToken);
        if (promo.MaxUses is { } max && uses >= max)
        {
            return CatalogErrors.PromoExhausted;
        }

        var customerUses = await db.PromoRedemptions().CountAsync(r => r.PromoCodeId == promoCodeId && r.CustomerId == customerId, cancellationToken);
        if (promo.PerCustomerLimit is { } limit && customerUses >= limit)
        {
            return CatalogErrors.PromoCustomerLimitReached;
        }

        var redemption = new PromoRedemption
        {
            PromoCodeId = promoCodeId,
            CustomerId = customerId,
            OrderRequestId = orderRequestId,
            RedeemedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.PromoRedemptions().Add(redemption);
        promo.ConcurrencyToken = Guid.NewGuid();
        return redemption;
    }

    /// <summary>For callers that redeem on their own: adds and saves, mapping a lost race to a business error.</summary>
    public async Task<Result<PromoRedemption>> ExecuteAsync(
        Guid promoCodeId, Guid customerId, string orderRequestId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await AddAsync(db, promoCodeId, customerId, orderRequestId, cancellationToken);
        if (!result.IsSuccess || db.Entry(result.Value).State != EntityState.Added)
        {
            return result;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return result;
        }
        catch (DbUpdateConcurrencyException)
        {
            return CatalogErrors.PromoChangedMeanwhile;
        }
        catch (DbUpdateException exception) when (TariffEditing.IsUniqueViolation(exception))
        {
            return CatalogErrors.PromoChangedMeanwhile;
        }
    }
}
