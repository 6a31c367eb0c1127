using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;

namespace GameHost.Tests.Domain.Billing.Balance;

/// <summary>"Your balance lasts until…" and the recommended top-up, as tables of cases.</summary>
public sealed class BalanceForecastTests
{
    private static readonly DateTime Now = new(2026, 6, 10, 12, 0, 0, DateTimeKind.Utc);

    private static Money Zar(long minor) => new(minor, Currency.ZAR);

    private static ChargeStream Hourly(long minor, DateTime? next = null) =>
        new(ChargeStreamKind.PayAsYouGo, Guid.NewGuid(), "Hourly", Zar(minor), BillingPeriod.Hour, next ?? Now.AddHours(1));

    private static ChargeStream Daily(long minor, DateTime? next = null) =>
        new(ChargeStreamKind.PayAsYouGo, Guid.NewGuid(), "Daily", Zar(minor), BillingPeriod.Day, next ?? Now.AddDays(1));

    private static ChargeStream Invoice(long minor) => new(ChargeStreamKind.OpenInvoice, null, "INV", Zar(minor), BillingPeriod.OneOff, Now);

    private static ChargeStream Monthly(long minor, DateTime next) => new(ChargeStreamKind.Renewal, Guid.NewGuid(), "Monthly", Zar(minor), BillingPeriod.Month1, next);

    public static TheoryData<string, long, ChargeStream[], DateTime?> RunsOutCases() => new()
    {
        { "nothing to pay", 1_000, [], null },
        { "hourly: 10 hours paid, the 11th is not", 1_000, [Hourly(100)], Now.AddHours(11) },
        { "hourly: a remainder smaller than an hour buys nothing", 1_050, [Hourly(100)], Now.AddHours(11) },
        { "empty balance stops at the next hour", 0, [Hourly(100)], Now.AddHours(1) },
        { "negative balance (owed) stops at the next hour", -500, [Hourly(100)], Now.AddHours(1) },
        { "daily: 3 days paid", 3_000, [Daily(1_000)], Now.AddDays(4) },
        { "hourly and daily together", 2_500, [Hourly(50), Daily(1_000)], Now.AddHours(31) },
        { "renewal due in 5 days eats the balance", 10_000, [Hourly(10), Monthly(9_000, Now.AddDays(5))], Now.AddDays(5) },
        { "renewal only: lasts until the second renewal", 15_000, [Monthly(10_000, Now.AddDays(3))], Now.AddDays(3).AddMonths(1) },
        { "an overdue charge is due now", 50, [Hourly(100, Now.AddHours(-3))], Now },
        { "a big balance lasts beyond the horizon", 100_000_000, [Hourly(100)], null },
    };

    [Theory]
    [MemberData(nameof(RunsOutCases))]
    public void RunsOutAtUtc_Cases_AnswerTheFirstChargeThatCannotBePaid(string scenario, long balance, ChargeStream[] streams, DateTime? expected)
    {
        Assert.True(expected == BalanceForecast.RunsOutAtUtc(Now, Zar(balance), streams), scenario);
    }

    [Theory]
    [InlineData("2026-06-10T12:00:00", "2026-08-01T00:00:00")]
    [InlineData("2026-12-31T23:59:59", "2027-02-01T00:00:00")]
    [InlineData("2026-01-01T00:00:00", "2026-03-01T00:00:00")]
    public void EndOfNextMonth_Cases_IsTheFirstInstantOfTheMonthAfterNext(string now, string expected)
    {
        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal),
            BalanceForecast.EndOfNextMonth(DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal)));
    }

    [Fact]
    public void RecommendTopUp_MixedServices_ListsEachPartAndSubtractsTheBalance()
    {
        // Through 1 August: hourly from 13:00 on 10 June = 1235 hours; renewals on 20 June and 20 July; one open invoice.
        var invoice = new ChargeStream(ChargeStreamKind.OpenInvoice, null, "INV-000007", Zar(4_200), BillingPeriod.OneOff, Now);
        var hourly = Hourly(10);
        var monthly = Monthly(15_000, new DateTime(2026, 6, 20, 9, 0, 0, DateTimeKind.Utc));
        var daily = Daily(1_000, new DateTime(2026, 7, 31, 0, 0, 0, DateTimeKind.Utc));

        var recommendation = BalanceForecast.RecommendTopUp(Now, Zar(20_000), [invoice, hourly, monthly, daily]);

        Assert.Equal(new DateTime(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc), recommendation.UntilUtc);
        Assert.Equal(
            [("INV-000007", 1, 4_200L), ("Hourly", 1235, 12_350L), ("Monthly", 2, 30_000L), ("Daily", 1, 1_000L)],
            recommendation.Parts.Select(p => (p.Name, p.Charges, p.Amount.Minor)));
        Assert.Equal((47_550L, 27_550L), (recommendation.Needed.Minor, recommendation.Recommended.Minor));
    }

    [Theory]
    [InlineData(0, 3_000)]
    [InlineData(1_000, 2_000)]
    [InlineData(3_000, 0)]
    [InlineData(50_000, 0)]
    [InlineData(-2_000, 5_000)]
    public void RecommendTopUp_Balance_IsNeverNegative(long balance, long expected)
    {
        var recommendation = BalanceForecast.RecommendTopUp(Now, Zar(balance), [Invoice(1_500), Invoice(1_500)]);
        Assert.Equal(expected, recommendation.Recommended.Minor);
    }
}
