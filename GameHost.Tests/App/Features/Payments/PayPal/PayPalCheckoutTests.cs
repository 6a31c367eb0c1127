using System.Globalization;
using System.Text.Json;
using GameHost.App.Features.Payments.Gateways.PayPal;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.PayPal;

/// <summary>Contract §2.4 and scenarios 2, 3 and 6: the create-order request and the buyer's link.</summary>
public sealed class PayPalCheckoutTests
{
    [Theory]
    [InlineData("af-ZA")]
    [InlineData("de-DE")]
    public async Task StartCheckoutAsync_CommaCulture_SendsInvariantAmountAndOurKeys(string culture)
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var attemptId = Guid.NewGuid();
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        GatewayResult result;
        try
        {
            result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(attemptId, Money.FromMinor(1250, "USD")), CancellationToken.None);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        var request = Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.CreateOrder));
        var body = request.Json!;
        var unit = body["purchase_units"]![0]!;
        Assert.Equal("CAPTURE", body["intent"]!.GetValue<string>());
        Assert.Equal("12.50", unit["amount"]!["value"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, unit["amount"]!["value"]!.GetValueKind());
        Assert.Equal("USD", unit["amount"]!["currency_code"]!.GetValue<string>());
        Assert.Equal(attemptId.ToString(), unit["custom_id"]!.GetValue<string>());
        Assert.Equal($"order-{attemptId}", request.Header("PayPal-Request-Id"));
        Assert.Equal("return=representation", request.Header("Prefer"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var experience = body["payment_source"]!["paypal"]!["experience_context"]!;
        Assert.Equal($"https://billing.example.test/pay/paypal/return?attempt={attemptId}", experience["return_url"]!.GetValue<string>());
        Assert.Equal($"https://billing.example.test/pay/paypal/cancel?attempt={attemptId}", experience["cancel_url"]!.GetValue<string>());
        Assert.Equal("NO_SHIPPING", experience["shipping_preference"]!.GetValue<string>());
        Assert.Equal("Example Game Hosting", experience["brand_name"]!.GetValue<string>());
        Assert.StartsWith("INV-2026-000123-", unit["invoice_id"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartCheckoutAsync_ZarInvoice_FailsWithoutCallingPayPal()
    {
        await using var paypal = await PayPalHarness.StartAsync();

        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(15000, "ZAR")), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.Equal(PayPalErrorCodes.CurrencyNotSupported, result.ErrorCode);
        Assert.Empty(paypal.Fake.Received);
        Assert.DoesNotContain("ZAR", paypal.Gateway.SupportedCurrencies);
        Assert.Contains("USD", paypal.Gateway.SupportedCurrencies);
    }

    [Fact]
    public async Task StartCheckoutAsync_PayerActionLink_RedirectTakenFromLink()
    {
        await using var paypal = await PayPalHarness.StartAsync();

        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "USD")), CancellationToken.None);

        var order = paypal.Fake.Orders[result.GatewayReference!];
        Assert.Equal("PAYER_ACTION_REQUIRED", order.Status);
        Assert.Equal($"{paypal.Fake.BaseUrl}/checkoutnow?token={order.Id}", result.RedirectUrl);
        Assert.Equal(Money.FromMinor(1250, "USD"), result.Amount);
    }

    [Fact]
    public async Task StartCheckoutAsync_LegacyApproveLink_RedirectTakenFromLink()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.AnswerLegacy = true;

        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "USD")), CancellationToken.None);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.Equal("CREATED", paypal.Fake.Orders[result.GatewayReference!].Status);
        Assert.Equal($"{paypal.Fake.BaseUrl}/checkoutnow?token={result.GatewayReference}", result.RedirectUrl);
    }

    [Fact]
    public async Task StartCheckoutAsync_SameAttemptTwice_OneOrderSameLink()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var attemptId = Guid.NewGuid();
        var request = PayPalHarness.Checkout(attemptId, Money.FromMinor(1250, "USD"));

        var first = await paypal.Gateway.StartCheckoutAsync(paypal.Account, request, CancellationToken.None);
        var second = await paypal.Gateway.StartCheckoutAsync(paypal.Account, request, CancellationToken.None);

        Assert.Single(paypal.Fake.Orders);
        Assert.Equal(first.GatewayReference, second.GatewayReference);
        Assert.Equal(first.RedirectUrl, second.RedirectUrl);
    }

    [Fact]
    public async Task StartCheckoutAsync_Yen_SendsWholeNumber()
    {
        await using var paypal = await PayPalHarness.StartAsync();

        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "JPY")), CancellationToken.None);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        var body = Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.CreateOrder)).Json!;
        Assert.Equal("1250", body["purchase_units"]![0]!["amount"]!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    public async Task StartCheckoutAsync_ServerError_Unknown(int status)
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.CreateOrder, status == 503 ? PayPalFault.Unavailable() : PayPalFault.ServerError());

        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "USD")), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, result.Outcome);
        Assert.NotNull(result.DebugId);
    }

    [Fact]
    public async Task StartCheckoutAsync_ConnectionDropped_Unknown()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.CreateOrder, PayPalFault.Drop());

        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "USD")), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, result.Outcome);
    }

    [Fact]
    public async Task StartCheckoutAsync_CreatedThenTimeout_RetryWithSameKeyReturnsTheOrder()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.CreateOrder, PayPalFault.CommitThen(PayPalFault.Hang()));
        var request = PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "USD"));

        var lost = await paypal.DriveAsync(paypal.Gateway.StartCheckoutAsync(paypal.Account, request, CancellationToken.None), TimeSpan.FromSeconds(1));
        var again = await paypal.Gateway.StartCheckoutAsync(paypal.Account, request, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, lost.Outcome);
        Assert.Equal(PayPalErrorCodes.Timeout, lost.ErrorCode);
        Assert.Equal(GatewayOutcome.RequiresCustomerAction, again.Outcome);
        var order = Assert.Single(paypal.Fake.Orders.Values);
        Assert.Equal(order.Id, again.GatewayReference);
    }

    [Fact]
    public async Task StartCheckoutAsync_BadRequest_FailedWithIssue()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.CreateOrder, PayPalFault.BadRequest("INVALID_PARAMETER_VALUE"));

        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "USD")), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.Equal("INVALID_PARAMETER_VALUE", result.ErrorCode);
        Assert.NotNull(result.DebugId);
    }

    [Fact]
    public async Task StartCheckoutAsync_SecondAttemptForTheSameInvoice_OwnInvoiceIdSoPayPalTakesIt()
    {
        // PayPal refuses a reused invoice_id (DUPLICATE_INVOICE_ID): a new attempt for the invoice must not reuse it.
        await using var paypal = await PayPalHarness.StartAsync();

        var first = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "USD")), CancellationToken.None);
        var second = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "USD")), CancellationToken.None);

        Assert.Equal((GatewayOutcome.RequiresCustomerAction, GatewayOutcome.RequiresCustomerAction), (first.Outcome, second.Outcome));
        var invoiceIds = paypal.Fake.RequestsTo(PayPalRoute.CreateOrder).Select(r => r.Json!["purchase_units"]![0]!["invoice_id"]!.GetValue<string>()).ToList();
        Assert.Equal(2, invoiceIds.Distinct().Count());
        Assert.All(invoiceIds, id => Assert.StartsWith("INV-2026-000123-", id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartCheckoutAsync_DuplicateInvoiceId_FailedSoTheCustomerStartsANewAttempt()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.CreateOrder, PayPalFault.Unprocessable("DUPLICATE_INVOICE_ID"));

        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "USD")), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.Equal("DUPLICATE_INVOICE_ID", result.ErrorCode);
        Assert.Empty(paypal.Fake.Orders);
    }

    [Fact]
    public async Task StartCheckoutAsync_RateLimitedWithRetryAfter_WaitsAndRetriesWithSameKey()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.CreateOrder, PayPalFault.TooManyRequests(3));
        var attemptId = Guid.NewGuid();
        var started = paypal.Clock.GetUtcNow();

        var result = await paypal.DriveAsync(
            paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(attemptId, Money.FromMinor(1250, "USD")), CancellationToken.None),
            TimeSpan.FromMilliseconds(250));

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        var requests = paypal.Fake.RequestsTo(PayPalRoute.CreateOrder);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal($"order-{attemptId}", r.Header("PayPal-Request-Id")));
        Assert.True(paypal.Clock.GetUtcNow() - started >= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task StartCheckoutAsync_RateLimitedTwice_NotAttempted()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.CreateOrder, PayPalFault.TooManyRequests(1), times: 2);

        var result = await paypal.DriveAsync(
            paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Money.FromMinor(1250, "USD")), CancellationToken.None),
            TimeSpan.FromMilliseconds(250));

        Assert.Equal(GatewayOutcome.NotAttempted, result.Outcome);
        Assert.Equal(PayPalErrorCodes.RateLimited, result.ErrorCode);
        Assert.Equal(2, paypal.Fake.RequestsTo(PayPalRoute.CreateOrder).Count);
    }
}
