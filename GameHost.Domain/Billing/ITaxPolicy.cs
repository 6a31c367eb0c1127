using GameHost.Domain.Common;

namespace GameHost.Domain.Billing;

/// <summary>The tax on one invoice line, rounded per line, and the rate that produced it (basis points).</summary>
public sealed record LineTax(Money Tax, int RateBasisPoints);

/// <summary>
/// How much tax a buyer pays on a net amount. The seam for the tax rules (rates per country, reverse charge for
/// business buyers with a VAT number, exempt customers) that come with the billing engine.
/// </summary>
public interface ITaxPolicy
{
    ValueTask<LineTax> TaxForAsync(InvoiceBuyer buyer, Money net, CancellationToken cancellationToken);
}

/// <summary>Until tax rules exist every line is taxed at zero; the billing engine's tax rules replace this.</summary>
public sealed class NoTaxYet : ITaxPolicy
{
    public ValueTask<LineTax> TaxForAsync(InvoiceBuyer buyer, Money net, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new LineTax(Money.Zero(net.Currency), 0));
}
