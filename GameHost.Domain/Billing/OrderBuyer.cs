using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing;

/// <summary>The customer an order bills: their currency and the buyer details an invoice freezes.</summary>
internal sealed record OrderBuyer(Currency Currency, InvoiceBuyer Snapshot)
{
    /// <summary>Null when the customer has no complete billing profile (country and a known currency).</summary>
    public static async Task<OrderBuyer?> LoadAsync(GameHostDbContext db, Guid customerUserId, CancellationToken cancellationToken)
    {
        var profile = await db.CustomerProfiles.AsNoTracking().Include(p => p.User)
            .FirstOrDefaultAsync(p => p.UserId == customerUserId, cancellationToken);
        if (profile?.User is null || !Currency.TryFromCode(profile.BillingCurrency?.Trim(), out var currency)
            || string.IsNullOrWhiteSpace(profile.CountryCode))
        {
            return null;
        }

        var exempt = await Taxes.TaxSets.CustomerTaxSettings(db).AnyAsync(s => s.CustomerId == customerUserId && s.Exempt, cancellationToken);
        return new OrderBuyer(currency, new InvoiceBuyer(
            profile.User.FullName,
            string.IsNullOrWhiteSpace(profile.Company) ? null : profile.Company.Trim(),
            profile.CountryCode,
            string.IsNullOrWhiteSpace(profile.VatNumber) ? null : profile.VatNumber.Trim(),
            exempt));
    }
}
