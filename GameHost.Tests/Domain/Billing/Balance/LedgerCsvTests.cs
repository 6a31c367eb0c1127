using System.Globalization;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Common;

namespace GameHost.Tests.Domain.Billing.Balance;

public sealed class LedgerCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rlf", "\"cr\rlf\"")]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("-5 refund, partial", "\"'-5 refund, partial\"")]
    [InlineData("", "")]
    public void Escape_Values_FollowRfc4180AndDisarmFormulas(string value, string expected)
    {
        Assert.Equal(expected, LedgerCsv.Escape(value));
    }

    [Fact]
    public async Task WriteAsync_UnderACommaDecimalCulture_WritesInvariantNumbersAndIsoDates()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("es-ES");
        try
        {
            var movement = new LedgerMovement(Guid.NewGuid(), new DateTime(2026, 7, 31, 23, 0, 5, DateTimeKind.Utc), "usage_charged",
                "Lobby, \"main\": hour", new Money(-123_456, Currency.ZAR), new Money(-100, Currency.ZAR), "INV-000001", Guid.NewGuid(), "Lobby");
            using var writer = new StringWriter(CultureInfo.GetCultureInfo("es-ES"));

            await LedgerCsv.WriteAsync(writer, [movement], CancellationToken.None);

            Assert.Equal(
                LedgerCsv.Header + "\r\n" + "2026-07-31T23:00:05Z,usage_charged,\"Lobby, \"\"main\"\": hour\",Lobby,INV-000001,-1234.56,ZAR,-1.00\r\n",
                writer.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Row_ZeroDecimalCurrency_WritesNoDecimals()
    {
        var movement = new LedgerMovement(Guid.NewGuid(), new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "payment_received", "Transfer",
            new Money(5_000, Currency.JPY), new Money(5_000, Currency.JPY), null, null, null);
        Assert.Equal("2026-01-02T03:04:05Z,payment_received,Transfer,,,5000,JPY,5000", LedgerCsv.Row(movement));
    }
}
