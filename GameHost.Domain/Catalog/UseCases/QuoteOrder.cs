using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Catalog.Pricing;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.UseCases;

/// <param name="AddOnQuantities">Quantities by add-on key; an add-on left out gets its included (or minimum) quantity.</param>
/// <param name="OrderRequestId">The order form's request id: a retry of the same order is not counted against the promo's limits.</param>
public sealed record QuoteOrderRequest(
    Guid TariffId,
    string Currency,
    BillingPeriod Period,
    IReadOnlyDictionary<string, int>? AddOnQuantities,
    string? PromoCode,
    Guid CustomerId,
    OrderChannel Channel = OrderChannel.Customer,
    string? OrderRequestId = null);

/// <summary>
/// Prices an order on the server from what is stored: the tariff's current version, the add-ons it offers and the
/// promo code. The browser never sends an amount. The quote is net; billing adds tax when it invoices.
/// </summary>
public sealed class QuoteOrder(IDbContextFactory<GameHostDbContext> contexts, ITariffUsage usage, TimeProvider time)
{
    public async Task<Result<Quote>> ExecuteAsync(QuoteOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Currency.TryFromCode(request.Currency?.Trim().ToUpperInvariant(), out var currency))
        {
            return CatalogErrors.UnknownCurrency;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tariff = await db.Tariffs().WithVersions().AsNoTracking().FirstOrDefaultAsync(t => t.Id == request.TariffId, cancellationToken);
        if (tariff is null)
        {
            return CatalogErrors.TariffNotFound;
        }

        var orderable = await CheckOrderableAsync(tariff, request, cancellationToken);
        if (orderable is not null)
        {
            return orderable;
        }

        var addOnIds = tariff.AddOns.Select(a => a.AddOnId).ToList();
        var addOns = await db.AddOns().AsNoTracking().Include(a => a.Prices)
            .Where(a => addOnIds.Contains(a.Id) && !a.IsArchived)
            .ToListAsync(cancellationToken);

        PromoTerms? promo = null;
        var promoUsage = PromoUsage.None;
        if (!string.IsNullOrWhiteSpace(request.PromoCode))
        {
            var normalized = PromoCode.Normalize(request.PromoCode);
            var promoCode = await db.PromoCodes().AsNoTracking().Include(p => p.FixedAmounts)
                .FirstOrDefaultAsync(p => p.NormalizedCode == normalized, cancellationToken);
            if (promoCode is null)
            {
                return CatalogErrors.PromoInvalid;
            }

            promo = PromoTerms.Of(promoCode);
            var uses = db.PromoRedemptions().Where(r => r.PromoCodeId == promoCode.Id && r.OrderRequestId != request.OrderRequestId);
            promoUsage = new PromoUsage(
                await uses.CountAsync(cancellationToken),
                await uses.CountAsync(r => r.CustomerId == request.CustomerId, cancellationToken));
        }

        return PricingEngine.Price(new PricingRequest(
            TariffPriceSheet.Of(tariff, tariff.CurrentVersion),
            currency,
            request.Period,
            addOns.Select(AddOnOffer.Of).ToList(),
            request.AddOnQuantities ?? new Dictionary<string, int>(),
            promo,
            promoUsage,
            time.GetUtcNow().UtcDateTime));
    }

    private async Task<Error?> CheckOrderableAsync(Tariff tariff, QuoteOrderRequest request, CancellationToken cancellationToken)
    {
        if (tariff.IsArchived)
        {
            return CatalogErrors.TariffArchived;
        }

        if (tariff.Visibility == TariffVisibility.StaffOnly && request.Channel != OrderChannel.Staff)
        {
            // Answered like a missing tariff would be to a customer who crafted the request: it is not for sale to them.
            return CatalogErrors.TariffNotOrderable;
        }

        if (tariff.StockLimit is { } stock && await usage.CountActiveAsync(tariff.Id, cancellationToken) >= stock)
        {
            return CatalogErrors.TariffOutOfStock;
        }

        if (tariff.PerCustomerLimit is { } perCustomer
            && await usage.CountActiveForCustomerAsync(tariff.Id, request.CustomerId, cancellationToken) >= perCustomer)
        {
            return CatalogErrors.TariffCustomerLimitReached;
        }

        return null;
    }
}
