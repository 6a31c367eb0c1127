using GameHost.Domain.Billing.Products;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Paid;

namespace GameHost.App.Features.Support;

/// <summary>Support charges billed through Billing's one-off charges: an invoice keyed by the charge, paid from the balance.</summary>
public sealed class BillingSupportCharges(OneOffCharges charges) : ISupportCharges
{
    public async Task<Result<SupportChargeState>> ChargeAsync(SupportChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Currency.TryFromCode(request.Currency, out var currency))
        {
            return SupportErrors.Of(SupportErrors.PriceInvalid, "The price's currency is unknown.");
        }

        var result = await charges.ChargeAsync(
            new OneOffCharge(request.CustomerId, request.Key, new LocalizedText(request.DescriptionEn, request.DescriptionEs), new Money(request.AmountMinor, currency)),
            cancellationToken);
        return result.IsSuccess ? State(result.Value) : result.Error;
    }

    public async Task<SupportChargeState?> FindAsync(Guid customerId, string key, CancellationToken cancellationToken)
    {
        var found = await charges.FindAsync(customerId, key, cancellationToken);
        return found is null ? null : State(found);
    }

    private static SupportChargeState State(OneOffChargeResult result) =>
        new(result.InvoiceId, result.InvoiceNumber, result.Paid, result.GrossTotal.Minor, result.GrossTotal.Currency.Code);
}
