using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Changes;

/// <summary>
/// The share of a price that falls in the rest of a paid period: amount × remaining seconds / period seconds, counted
/// in whole seconds and rounded ONCE, half away from zero (the usual commercial rounding), so an upgrade and the
/// matching downgrade at the same instant give the same figure with opposite signs.
/// </summary>
public static class Proration
{
    public const MidpointRounding Rounding = MidpointRounding.AwayFromZero;

    /// <summary>The part of <paramref name="amount"/> for the time from <paramref name="nowUtc"/> to <paramref name="periodEndUtc"/>.</summary>
    public static Money Remaining(Money amount, DateTime periodStartUtc, DateTime periodEndUtc, DateTime nowUtc)
    {
        var total = Seconds(periodStartUtc, periodEndUtc);
        if (total <= 0)
        {
            return Money.Zero(amount.Currency);
        }

        var remaining = Math.Clamp(Seconds(nowUtc, periodEndUtc), 0, total);
        var minor = Math.Round((decimal)amount.Minor * remaining / total, 0, Rounding);
        return new Money((long)minor, amount.Currency);
    }

    /// <summary>What a change from <paramref name="oldNet"/> to <paramref name="newNet"/> costs (positive) or returns (negative) for the rest of the period.</summary>
    public static Money Difference(Money oldNet, Money newNet, DateTime periodStartUtc, DateTime periodEndUtc, DateTime nowUtc) =>
        Remaining(newNet - oldNet, periodStartUtc, periodEndUtc, nowUtc);

    public static long Seconds(DateTime fromUtc, DateTime toUtc) => (long)Math.Floor((toUtc - fromUtc).TotalSeconds);
}
