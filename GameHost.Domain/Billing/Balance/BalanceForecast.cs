using GameHost.Domain.Catalog;
using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Balance;

/// <summary>What a stream of charges is, for the forecast and the recommended top-up.</summary>
public enum ChargeStreamKind
{
    /// <summary>A pay-as-you-go service: one charge per hour or day.</summary>
    PayAsYouGo = 0,

    /// <summary>A prepaid service: one renewal per period, due when the paid time ends.</summary>
    Renewal = 1,

    /// <summary>An invoice already issued and not paid yet: due now.</summary>
    OpenInvoice = 2,
}

/// <summary>
/// Charges that repeat: <paramref name="Amount"/> (gross) at <paramref name="NextAtUtc"/>, then every
/// <paramref name="Period"/> after it (<see cref="BillingPeriod.OneOff"/> = once).
/// </summary>
public sealed record ChargeStream(ChargeStreamKind Kind, Guid? SubscriptionId, string Name, Money Amount, BillingPeriod Period, DateTime NextAtUtc);

/// <summary>One part of a recommended top-up: a stream's charges that fall before the horizon.</summary>
public sealed record TopUpPart(ChargeStreamKind Kind, Guid? SubscriptionId, string Name, int Charges, Money Amount);

/// <summary>
/// What keeps every service running until <see cref="UntilUtc"/> (the end of next month): the charges falling due
/// before then, less what the customer can already spend; never negative.
/// </summary>
public sealed record TopUpRecommendation(DateTime UntilUtc, IReadOnlyList<TopUpPart> Parts, Money Needed, Money Available, Money Recommended);

/// <summary>
/// Pure calculations over a customer's charge streams: when the money runs out, and how much to top up. Charges are
/// taken in time order (earlier first; at the same instant, the order the streams were given); the money runs out at
/// the first charge it cannot pay in full — the moment a service would stop.
/// </summary>
public static class BalanceForecast
{
    /// <summary>How far the forecast looks ahead; a balance that lasts longer answers null ("beyond a year").</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(366);

    /// <param name="available">What can be spent: the balance (plus any unused credit limit).</param>
    /// <returns>The instant of the first charge the money cannot pay, or null when none falls inside the horizon.</returns>
    public static DateTime? RunsOutAtUtc(DateTime nowUtc, Money available, IReadOnlyList<ChargeStream> streams, TimeSpan? horizon = null)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var end = nowUtc + (horizon ?? Horizon);
        var left = available.Minor;
        foreach (var (at, stream) in Charges(nowUtc, streams, end))
        {
            if (stream.Amount.Currency != available.Currency)
            {
                throw new DomainException("billing.forecast_currency", "Every charge must be in the balance's currency.");
            }

            if (left < stream.Amount.Minor)
            {
                return at;
            }

            left -= stream.Amount.Minor;
        }

        return null;
    }

    /// <summary>The first instant of the month after next (UTC): "through the end of next month".</summary>
    public static DateTime EndOfNextMonth(DateTime nowUtc) => new DateTime(nowUtc.Year, nowUtc.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(2);

    public static TopUpRecommendation RecommendTopUp(DateTime nowUtc, Money available, IReadOnlyList<ChargeStream> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var until = EndOfNextMonth(nowUtc);
        var currency = available.Currency;
        var counts = new Dictionary<ChargeStream, (int Count, long Minor)>(ReferenceEqualityComparer.Instance);
        foreach (var (_, stream) in Charges(nowUtc, streams, until))
        {
            var (count, minor) = counts.GetValueOrDefault(stream);
            counts[stream] = (count + 1, checked(minor + stream.Amount.Minor));
        }

        var parts = streams.Where(counts.ContainsKey)
            .Select(s => new TopUpPart(s.Kind, s.SubscriptionId, s.Name, counts[s].Count, new Money(counts[s].Minor, currency)))
            .ToList();
        var needed = new Money(parts.Sum(p => p.Amount.Minor), currency);
        var recommended = needed > available ? needed - available : Money.Zero(currency);
        return new TopUpRecommendation(until, parts, needed, available, recommended);
    }

    /// <summary>Every charge strictly before <paramref name="endUtc"/>, in time order; a charge already overdue is due now.</summary>
    private static IEnumerable<(DateTime At, ChargeStream Stream)> Charges(DateTime nowUtc, IReadOnlyList<ChargeStream> streams, DateTime endUtc)
    {
        var queue = new PriorityQueue<(DateTime At, int Index), (DateTime, int)>();
        for (var i = 0; i < streams.Count; i++)
        {
            if (streams[i].Amount.IsNegative)
            {
                throw new DomainException("billing.forecast_negative", "A charge cannot be negative.");
            }

            var at = streams[i].NextAtUtc < nowUtc ? nowUtc : streams[i].NextAtUtc;
            queue.Enqueue((at, i), (at, i));
        }

        while (queue.TryDequeue(out var next, out _))
        {
            if (next.At >= endUtc)
            {
                continue;
            }

            var stream = streams[next.Index];
            yield return (next.At, stream);
            if (stream.Amount.IsZero || stream.Period.EndOf(next.At) is not { } following)
            {
                continue; // A free stream never runs anything out; a one-off happens once.
            }

            queue.Enqueue((following, next.Index), (following, next.Index));
        }
    }
}
