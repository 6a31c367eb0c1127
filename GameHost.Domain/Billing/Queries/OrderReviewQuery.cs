using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Pricing;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Queries;

/// <param name="AddOnQuantities">Quantities by add-on key; left out = included quantity.</param>
/// <param name="OrderRequestId">The order form's request id, so a retry is not counted against the promo's limits.</param>
public sealed record OrderReviewRequest(
    Guid CustomerUserId,
    Guid TariffId,
    BillingPeriod Period,
    IReadOnlyDictionary<string, int>? AddOnQuantities,
    string? PromoCode,
    string? OrderRequestId);

/// <summary>A quote line as the invoice will carry it: net (the price less any tax it includes), the tax on it and the rate.</summary>
public sealed record ReviewLine(QuoteLine Line, Money Net, Money Tax, int TaxRateBasisPoints, TaxTreatment Treatment = TaxTreatment.Standard)
{
    public Money Gross => Net + Tax;
}

/// <param name="TaxApplies">False when no line is taxed at all, so the page can say so instead of showing a silent zero.</param>
public sealed record OrderReview(Quote Quote, IReadOnlyList<ReviewLine> Lines, Money NetTotal, Money TaxTotal, Money GrossTotal, bool TaxApplies)
{
    /// <summary>The buyer accounts for the tax (reverse charge): the page says so next to the zero tax.</summary>
    public bool ReverseCharge => Lines.Any(l => l.Treatment == TaxTreatment.ReverseCharge);

    /// <summary>The customer is tax-exempt.</summary>
    public bool Exempt => Lines.Any(l => l.Treatment == TaxTreatment.Exempt);
}

/// <summary>
/// The price breakdown an order would be invoiced with, before it is placed: the server-side quote in the customer's
/// billing currency, taxed line by line by the same <see cref="ITaxPolicy"/> as <c>PlaceOrder</c>. Reads only.
/// </summary>
public sealed class OrderReviewQuery(IDbContextFactory<GameHostDbContext> contexts, QuoteOrder quoteOrder, ITaxPolicy taxPolicy)
{
    /// <summary>The currency the customer is billed in, or <c>billing.no_billing_profile</c>.</summary>
    public async Task<Result<Currency>> BuyerCurrencyAsync(Guid customerUserId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await OrderBuyer.LoadAsync(db, customerUserId, cancellationToken) is { } buyer ? buyer.Currency : BillingErrors.NoBillingProfile;
    }

    public async Task<Result<OrderReview>> ExecuteAsync(OrderReviewRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        OrderBuyer? buyer;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            buyer = await OrderBuyer.LoadAsync(db, request.CustomerUserId, cancellationToken);
        }

        if (buyer is null)
        {
            return BillingErrors.NoBillingProfile;
        }

        var quoted = await quoteOrder.ExecuteAsync(new QuoteOrderRequest(request.TariffId, buyer.Currency.Code, request.Period,
            request.AddOnQuantities, request.PromoCode, request.CustomerUserId, OrderChannel.Customer, request.OrderRequestId), cancellationToken);
        if (!quoted.IsSuccess)
        {
            return quoted.Error;
        }

        var quote = quoted.Value;
        var lines = new List<ReviewLine>();
        foreach (var line in quote.Lines)
        {
            if (line.Kind == QuoteLineKind.AddOn && line.Amount.IsZero)
            {
                continue; // As on the invoice: included units cost nothing and print nothing.
            }

            var tax = await taxPolicy.TaxForAsync(buyer.Snapshot, line.Amount, cancellationToken);
            lines.Add(new ReviewLine(line, tax.Net, tax.Tax, tax.RateBasisPoints, tax.Treatment));
        }

        var zero = Money.Zero(quote.Currency);
        var net = lines.Aggregate(zero, (sum, l) => sum + l.Net);
        var taxTotal = lines.Aggregate(zero, (sum, l) => sum + l.Tax);
        return new OrderReview(quote, lines, net, taxTotal, net + taxTotal, lines.Any(l => l.TaxRateBasisPoints != 0 || !l.Tax.IsZero));
    }
}
