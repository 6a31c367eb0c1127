using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Common;

namespace GameHost.App.Features.Ordering;

/// <summary>
/// Turns the order form into the billing domain's calls. It re-checks that the customer may order the tariff (a
/// hidden-link tariff only with its link, never a staff-only one), so a manipulated form gains nothing, and it never
/// passes an amount: the review and the order are priced on the server from the choices alone.
/// </summary>
public sealed class OrderSubmission(OrderTariffQuery tariffs, OrderReviewQuery reviews, PlaceOrder placeOrder)
{
    public static readonly Error Incomplete = new("ordering.incomplete", "Choose a plan, a location and a period first.");

    /// <summary>The price breakdown the order would be invoiced with.</summary>
    public async Task<Result<OrderReview>> ReviewAsync(Guid customerId, OrderForm form, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var checkedForm = await CheckAsync(customerId, form, cancellationToken);
        if (!checkedForm.IsSuccess)
        {
            return checkedForm.Error;
        }

        return await reviews.ExecuteAsync(
            new OrderReviewRequest(customerId, form.TariffId!.Value, form.Period!.Value, Copy(form.AddOns), form.PromoCode, requestId), cancellationToken);
    }

    /// <summary>Places the order under the form's request id: repeating it answers with the same order.</summary>
    public async Task<Result<PlacedOrder>> PlaceAsync(Guid customerId, OrderForm form, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var checkedForm = await CheckAsync(customerId, form, cancellationToken);
        if (!checkedForm.IsSuccess)
        {
            return checkedForm.Error;
        }

        return await placeOrder.ExecuteAsync(new PlaceOrderCommand(
            customerId,
            requestId,
            form.TariffId!.Value,
            form.Period!.Value,
            Copy(form.AddOns),
            form.LocationId!.Value,
            form.ServerName,
            new Dictionary<string, string>(form.Variables, StringComparer.Ordinal),
            string.IsNullOrWhiteSpace(form.PromoCode) ? null : form.PromoCode.Trim()), cancellationToken);
    }

    private async Task<Result> CheckAsync(Guid customerId, OrderForm form, CancellationToken cancellationToken)
    {
        if (form.TariffId is not { } tariffId || form.LocationId is null || form.Period is null)
        {
            return Incomplete;
        }

        var currency = await reviews.BuyerCurrencyAsync(customerId, cancellationToken);
        if (!currency.IsSuccess)
        {
            return currency.Error;
        }

        var tariff = await tariffs.ByIdAsync(tariffId, form.LinkSlug, currency.Value.Code, cancellationToken);
        return tariff.IsSuccess ? Result.Success() : tariff.Error;
    }

    private static Dictionary<string, int> Copy(Dictionary<string, int> quantities) => new(quantities, StringComparer.Ordinal);
}
