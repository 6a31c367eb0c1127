using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using GameHost.App.Features.Payments.Gateways.PayFast;
using GameHost.Domain.Common;

namespace GameHost.Tests.App.Features.Payments.PayFast;

/// <summary>PayFast's signatures and amount strings against the contract's fixture and hand-written parameter strings.</summary>
public sealed class PayFastSignatureTests
{
    internal static string Fixture([CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", "payfast-itn-complete.form.txt")).Trim();

    [Fact]
    public void ForItn_FixtureWithThePassphrase_ReproducesTheFixtureSignature()
    {
        var fields = PayFastSignature.ParseBody(Fixture());

        Assert.Equal("c7d2d9ea6e44d4fb82e265c440b72edb", PayFastSignature.ForItn(fields, "fixture-passphrase-only"));
        Assert.Equal("c7d2d9ea6e44d4fb82e265c440b72edb", fields.Single(f => f.Key == "signature").Value);
    }

    [Fact]
    public void ForItn_FixtureWithoutPassphrase_GivesTheOtherDocumentedSignature() =>
        Assert.Equal("0e073591ab41647bf197459ea43e2d4e", PayFastSignature.ForItn(PayFastSignature.ParseBody(Fixture()), null));

    [Fact]
    public void ParseBody_Fixture_KeepsReceivedOrderAndEmptyFields()
    {
        var fields = PayFastSignature.ParseBody(Fixture());

        Assert.Equal(["m_payment_id", "pf_payment_id", "payment_status"], fields.Take(3).Select(f => f.Key));
        Assert.Equal("", fields.Single(f => f.Key == "custom_str2").Value);
        Assert.Equal("player.three@example.test", fields.Single(f => f.Key == "email_address").Value);
        Assert.Equal("Game server hosting INV-2026-000125", fields.Single(f => f.Key == "item_name").Value);
    }

    [Theory]
    [InlineData("Game server", "Game+server")]
    [InlineData("a@b.c", "a%40b.c")]
    [InlineData("x~y!*()'", "x%7Ey%21%2A%28%29%27")]
    [InlineData("https://billing.example.test/p?a=1&b=2", "https%3A%2F%2Fbilling.example.test%2Fp%3Fa%3D1%26b%3D2")]
    [InlineData("Café", "Caf%C3%A9")]
    [InlineData("keep-_.", "keep-_.")]
    public void Encode_LikePhpUrlencode_PlusForSpaceAndUpperCaseHex(string value, string expected) =>
        Assert.Equal(expected, PayFastSignature.Encode(value));

    [Fact]
    public void ForForm_FieldsGivenInAnyOrderWithAnEmptyOne_SignsNonEmptyFieldsInPayFastsOrder()
    {
        var fields = new Dictionary<string, string>
        {
            ["custom_str1"] = "9a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
            ["item_name"] = "Invoice INV-2026-000125",
            ["amount"] = "150.00",
            ["m_payment_id"] = "INV-2026-000125",
            ["email_address"] = "player.three@example.test",
            ["name_last"] = "",
            ["name_first"] = "Player",
            ["notify_url"] = "https://billing.example.test/webhooks/payfast",
            ["return_url"] = "https://billing.example.test/pay/return",
            ["merchant_key"] = "46f0cd694581a",
            ["merchant_id"] = "10000100",
        };
        const string expected =
            "merchant_id=10000100&merchant_key=46f0cd694581a&return_url=https%3A%2F%2Fbilling.example.test%2Fpay%2Freturn"
            + "&notify_url=https%3A%2F%2Fbilling.example.test%2Fwebhooks%2Fpayfast&name_first=Player"
            + "&email_address=player.three%40example.test&m_payment_id=INV-2026-000125&amount=150.00"
            + "&item_name=Invoice+INV-2026-000125&custom_str1=9a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
            + "&passphrase=fixture-passphrase-only";

        var signature = PayFastSignature.ForForm(fields, "fixture-passphrase-only");

#pragma warning disable CA5351 // PayFast's signature scheme is MD5.
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(expected))), signature);
#pragma warning restore CA5351
    }

    [Fact]
    public void ForForm_FieldWithoutADocumentedPlace_Refused() =>
        Assert.Throws<ArgumentException>(() => PayFastSignature.ForForm(new Dictionary<string, string> { ["merchant_id"] = "1", ["invoice"] = "x" }, null));

    [Theory]
    [InlineData("af-ZA", 15000L, "150.00")]
    [InlineData("de-DE", 15000L, "150.00")]
    [InlineData("de-DE", 5L, "0.05")]
    [InlineData("af-ZA", 123456789L, "1234567.89")]
    public void Format_AnyCulture_TwoDecimalsWithADot(string culture, long minor, string expected)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            Assert.Equal(expected, PayFastAmounts.Format(Money.FromMinor(minor, "ZAR")));
            Assert.Equal(Money.FromMinor(minor, "ZAR"), PayFastAmounts.Parse(expected));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("-3.45", -345L)]
    [InlineData("150", 15000L)]
    [InlineData("150.5", 15050L)]
    public void Parse_PayFastAmounts_ExactMinorUnits(string value, long minor) =>
        Assert.Equal(Money.FromMinor(minor, "ZAR"), PayFastAmounts.Parse(value));

    [Theory]
    [InlineData("150,00")]
    [InlineData("1.5e2")]
    [InlineData("150.001")]
    [InlineData("")]
    [InlineData(" 150.00")]
    public void Parse_NotAPayFastAmount_Null(string value) => Assert.Null(PayFastAmounts.Parse(value));

    [Fact]
    public void Format_NotZar_Refused() => Assert.Throws<ArgumentException>(() => PayFastAmounts.Format(Money.FromMinor(1250, "USD")));
}
