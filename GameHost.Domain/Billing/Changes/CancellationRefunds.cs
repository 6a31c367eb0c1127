using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Changes;

/// <summary>What cancelling now returns to the balance under the staff rule: the unused share, the fee, the refund.</summary>
public sealed record RefundAmounts(CancellationRefundRule Rule, Money Unused, Money Fee, Money Refund);

/// <summary>
/// The refund rule shared by every prepaid thing a customer can end now — a service (<see cref="ServiceCancellation"/>)
/// and a resource pool (<see cref="Pools.PoolCancellation"/>): the unused part of what the current period cost with tax
/// (the lower of the recurring price's share and what the period's invoice charged: a promo or a later downgrade can
/// only lower it), then the staff rule (none / prorated / prorated minus a fee); the refund is one ledger transaction
/// keyed by what ended, so it is posted once, and it pays open invoices first.
/// </summary>
internal static class CancellationRefunds
{
    public static async Task<BillingChangeSettings> SettingsAsync(GameHostDbContext db, CancellationToken cancellationToken) =>
        await db.BillingChangeSettings().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new BillingChangeSettings();

    /// <summary>Nothing comes back: the rule gives nothing, or there is no running paid period.</summary>
    public static RefundAmounts None(CancellationRefundRule rule, Currency currency)
    {
        var zero = Money.Zero(currency);
        return new RefundAmounts(rule, zero, zero, zero);
    }

    /// <summary>What the period costs with tax: the tax policy's gross of the recurring price, or less when the period's invoice charged less.</summary>
    public static async Task<Money> PeriodGrossAsync(
        GameHostDbContext db, ITaxPolicy taxPolicy, Guid customerId, Money recurringNet, Money? charged, CancellationToken cancellationToken)
    {
        var buyer = await OrderBuyer.LoadAsync(db, customerId, cancellationToken);
        // The catalog price may already include tax (South Africa): the policy says what the period's gross is.
        var periodGross = buyer is null ? recurringNet : (await taxPolicy.TaxForAsync(buyer.Snapshot, recurringNet, cancellationToken)).Gross;
        return charged is { } paid && paid < periodGross ? paid : periodGross;
    }

    public static RefundAmounts Compute(CancellationRefundRule rule, int feeBasisPoints, Money periodGross, DateTime startUtc, DateTime endUtc, DateTime nowUtc)
    {
        var zero = Money.Zero(periodGross.Currency);
        var unused = Proration.Remaining(periodGross, startUtc, endUtc, nowUtc);
        if (unused.Minor < 0)
        {
            unused = zero;
        }

        var fee = rule == CancellationRefundRule.ProratedMinusFee ? unused.Multiply(feeBasisPoints / 10_000m, Proration.Rounding) : zero;
        return new RefundAmounts(rule, unused, fee, unused - fee);
    }

    /// <summary>What an earlier cancellation refunded (its transaction's credit), for answering a repeated request.</summary>
    public static async Task<Money> RefundedAsync(GameHostDbContext db, string refundKey, Currency currency, CancellationToken cancellationToken)
    {
        var minor = await db.LedgerTransactions().AsNoTracking().Where(t => t.IdempotencyKey == refundKey)
            .SelectMany(t => t.Entries).Where(e => e.Amount.Minor > 0)
            .Select(e => e.Amount.Minor).FirstOrDefaultAsync(cancellationToken);
        return new Money(minor, currency);
    }

    /// <summary>Posts the refund to the customer's balance in the caller's save (once per key) and lets it pay open invoices.</summary>
    public static async Task PostAsync(
        GameHostDbContext db, LedgerPosting ledger, InvoiceSettlement settlement, Guid customerId, Money refund, string refundKey, string kind,
        string description, CancellationToken cancellationToken)
    {
        if (refund.Minor <= 0)
        {
            return;
        }

        await ledger.PostAsync(db, new PostingRequest(refundKey, kind, description,
            [Posting.Customer(customerId, refund), Posting.System(LedgerAccountKind.InvoicesSettled, -refund)], customerId), cancellationToken);
        await settlement.ApplyBalanceAsync(db, customerId, null, cancellationToken);
    }
}
