using GameHost.Domain.Billing.Changes;
using GameHost.Domain.Common;
using System.Globalization;

namespace GameHost.Tests.Domain.Billing.Changes;

public class ProrationTests
{
    private static DateTime At(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    [Theory]
    // Upgrade 99.00 → 189.00 in a 30-day month, half used: half the difference.
    [InlineData(9900, 18900, "2026-06-01T09:00:00", "2026-07-01T09:00:00", "2026-06-16T09:00:00", 4500)]
    // First second of the period: the whole difference.
    [InlineData(9900, 18900, "2026-06-01T09:00:00", "2026-07-01T09:00:00", "2026-06-01T09:00:00", 9000)]
    // Last day: one thirtieth.
    [InlineData(9900, 18900, "2026-06-01T09:00:00", "2026-07-01T09:00:00", "2026-06-30T09:00:00", 300)]
    // At (or after) the end nothing is left.
    [InlineData(9900, 18900, "2026-06-01T09:00:00", "2026-07-01T09:00:00", "2026-07-01T09:00:00", 0)]
    [InlineData(9900, 18900, "2026-06-01T09:00:00", "2026-07-01T09:00:00", "2026-07-05T09:00:00", 0)]
    // A 31-day month, 16 days left: 9000 × 16/31 = 4645.16 → 4645.
    [InlineData(9900, 18900, "2026-07-01T00:00:00", "2026-08-01T00:00:00", "2026-07-16T00:00:00", 4645)]
    // A 28-day February, 14 days left: exactly half.
    [InlineData(9900, 18900, "2027-02-01T00:00:00", "2027-03-01T00:00:00", "2027-02-15T00:00:00", 4500)]
    // Downgrade mid-period: the same figure, negative.
    [InlineData(18900, 9900, "2026-06-01T09:00:00", "2026-07-01T09:00:00", "2026-06-16T09:00:00", -4500)]
    // Downgrade in a 31-day month rounds to the mirror of the upgrade.
    [InlineData(18900, 9900, "2026-07-01T00:00:00", "2026-08-01T00:00:00", "2026-07-16T00:00:00", -4645)]
    public void Difference_Table_ProratesBySecondsAndRoundsOnce(long oldMinor, long newMinor, string start, string end, string now, long expected) =>
        Assert.Equal(expected, Proration.Difference(Money.FromMinor(oldMinor, "ZAR"), Money.FromMinor(newMinor, "ZAR"), At(start), At(end), At(now)).Minor);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(-1, -1)]
    [InlineData(3, 2)]
    public void Remaining_ExactHalfMinorUnit_RoundsAwayFromZero(long amount, long expected) =>
        // One second left of two: 0.5 → 1, −0.5 → −1, 1.5 → 2.
        Assert.Equal(expected, Proration.Remaining(Money.FromMinor(amount, "ZAR"), At("2026-01-01T00:00:00"), At("2026-01-01T00:00:02"), At("2026-01-01T00:00:01")).Minor);

    [Fact]
    public void Remaining_BeforeThePeriodStarts_IsNeverMoreThanTheWhole() =>
        Assert.Equal(9900, Proration.Remaining(Money.FromMinor(9900, "ZAR"), At("2026-06-01T00:00:00"), At("2026-07-01T00:00:00"), At("2026-05-01T00:00:00")).Minor);
}
