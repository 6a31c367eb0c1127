using GameHost.Domain.Common;

namespace GameHost.Domain.Billing;

/// <summary>Why a line carries the tax it does; printed on the invoice where it matters (reverse charge, exempt).</summary>
public enum TaxTreatment
{
    /// <summary>The rule of the buyer's country applied at its rate.</summary>
    Standard = 0,

    /// <summary>No tax rule exists for the buyer's country: no tax applies.</summary>
    NoRule = 1,

    /// <summary>The customer is tax-exempt (set by staff with a reason).</summary>
    Exempt = 2,

    /// <summary>A business buyer with a VAT number in another country whose rule asks for reverse charge: the buyer accounts for the tax.</summary>
    ReverseCharge = 3,
}

/// <summary>
/// One invoice line's amounts as the tax rules make them, rounded per line: <see cref="Net"/> + <see cref="Tax"/> =
/// <see cref="Gross"/>. When prices include tax the catalog price is the gross and the net is what remains after the
/// tax; otherwise the catalog price is the net.
/// </summary>
public sealed record LineTax(Money Net, Money Tax, int RateBasisPoints, TaxTreatment Treatment = TaxTreatment.Standard)
{
    public Money Gross => Net + Tax;
}

/// <summary>How a catalog price is split into net and tax for a buyer (rates per country, reverse charge, exempt customers).</summary>
public interface ITaxPolicy
{
    /// <param name="price">The catalog amount of the line (net or tax-inclusive, as the buyer country's rule says).</param>
    /// <returns>The line's net, tax and rate; callers put <see cref="LineTax.Net"/> and <see cref="LineTax.Tax"/> on the line.</returns>
    ValueTask<LineTax> TaxForAsync(InvoiceBuyer buyer, Money price, CancellationToken cancellationToken);
}

/// <summary>Every line taxed at zero, the price taken as net. For tests that are not about tax; the product uses the tax rules.</summary>
public sealed class NoTaxYet : ITaxPolicy
{
    public ValueTask<LineTax> TaxForAsync(InvoiceBuyer buyer, Money price, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new LineTax(price, Money.Zero(price.Currency), 0, TaxTreatment.NoRule));
}
