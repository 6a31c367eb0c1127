using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Taxes;

/// <summary>
/// The product's <see cref="ITaxPolicy"/>: the buyer's country picks the rule (none → no tax applies), an exempt buyer
/// pays none, a business with a VAT number abroad under a reverse-charge rule pays none with a "reverse charge" note;
/// everyone else pays the rule's rate, computed by <see cref="TaxCalculator"/>.
/// </summary>
public sealed class TaxRulesPolicy(IDbContextFactory<GameHostDbContext> contexts) : ITaxPolicy
{
    public async ValueTask<LineTax> TaxForAsync(InvoiceBuyer buyer, Money price, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        var country = buyer.CountryCode?.Trim().ToUpperInvariant() ?? "";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.TaxRules().AsNoTracking().FirstOrDefaultAsync(r => r.CountryCode == country, cancellationToken);
        var seller = await db.TaxSettings().AsNoTracking().Select(s => s.SellerCountryCode).FirstOrDefaultAsync(cancellationToken)
            ?? TaxSettings.DefaultSellerCountry;
        return TaxCalculator.Compute(price, rule, TaxCalculator.TreatmentFor(buyer, rule, seller));
    }
}
