using System.Globalization;
using System.Net;
using System.Text;
using GameHost.App.Features.Payments.Gateways.PayFast;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.App.Features.Payments.PayFast;

/// <summary>The PayFast adapter as the app registers it, against the fake over real HTTP (contract §4, §7 row 13).</summary>
public sealed class PayFastGatewayTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid FixtureAttempt = Guid.Parse("9a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");

    private readonly FakeTimeProvider _clock = new(Start);
    private FakePayFast _fake = null!;
    private ServiceProvider _services = null!;
    private IPaymentGateway _gateway = null!;
    private GatewayAccountConfig _account = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakePayFast.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<IPayFastSourceCheck, LoopbackOnly>();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddPayFastGateway();
        services.Configure<PayFastGatewayOptions>(o => o.RequestTimeout = TimeSpan.FromSeconds(2));
        _services = services.BuildServiceProvider();
        _gateway = _services.GetServices<IPaymentGateway>().Single(g => g.Code == "payfast");
        _account = new GatewayAccountConfig(Guid.NewGuid(), "payfast", Sandbox: true, new Dictionary<string, string>
        {
            [PayFastGateway.Settings.MerchantId] = FakePayFast.MerchantId,
            [PayFastGateway.Settings.MerchantKey] = FakePayFast.MerchantKey,
            [PayFastGateway.Settings.Passphrase] = FakePayFast.Passphrase,
            [PayFastGateway.Settings.ProcessUrl] = _fake.ProcessUrl.ToString(),
            [PayFastGateway.Settings.ValidateUrl] = _fake.ValidateUrl.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private static CheckoutRequest Checkout(long minor = 15000, string currency = "ZAR") => new(
        Guid.NewGuid(), PaymentPurpose.Invoice, Guid.NewGuid(), "INV-2026-000125", "Game server hosting INV-2026-000125",
        Money.FromMinor(minor, currency), Guid.NewGuid(), "player.three@example.test", "Player Three",
        "https://billing.example.test/pay/return", "https://billing.example.test/pay/cancel", "https://billing.example.test/webhooks/payfast", false);

    [Fact]
    public void Declarations_ZarOnlyHostedCheckout_NoTokenChargeOrRefund()
    {
        Assert.Equal(["ZAR"], _gateway.SupportedCurrencies);
        Assert.Equal(GatewayCapabilities.HostedCheckout, _gateway.Capabilities);
        Assert.Contains(_gateway.SettingFields, f => f.Key == "passphrase" && f.Secret && f.Required);
        Assert.Contains(_gateway.SettingFields, f => f.Key == "process_url" && f.DefaultValue == PayFastGateway.SandboxProcessUrl);
    }

    [Fact]
    public async Task StartCheckoutAsync_UnderGermanCulture_SignedFormInDocumentedOrderThatPayFastAccepts()
    {
        var request = Checkout();
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        GatewayResult result;
        try
        {
            result = await _gateway.StartCheckoutAsync(_account, request, default);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.Equal(_fake.ProcessUrl.ToString(), result.RedirectUrl);
        var form = result.RedirectForm!;
        Assert.Equal(
            ["merchant_id", "merchant_key", "return_url", "cancel_url", "notify_url", "name_first", "name_last", "email_address",
             "m_payment_id", "amount", "item_name", "custom_str1", "signature"],
            form.Keys);
        Assert.Equal("150.00", form["amount"]);
        Assert.Equal("INV-2026-000125", form["m_payment_id"]);
        Assert.Equal(request.AttemptId.ToString(), form["custom_str1"]);
        Assert.Equal(("Player", "Three"), (form["name_first"], form["name_last"]));

        // The browser's POST, exactly as the page would send it.
        using var client = new HttpClient();
        using var response = await client.PostAsync(_fake.ProcessUrl, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_fake.RejectedForms);
        Assert.NotNull(_fake.Payment("INV-2026-000125"));
    }

    [Fact]
    public async Task StartCheckoutAsync_NotZar_NotAttempted()
    {
        var result = await _gateway.StartCheckoutAsync(_account, Checkout(1250, "USD"), default);

        Assert.Equal((GatewayOutcome.NotAttempted, "payfast.currency_not_supported"), (result.Outcome, result.ErrorCode));
    }

    [Fact]
    public async Task VerifyWebhookAsync_ValidFixtureFromAnAllowedAddress_ValidWithPaymentIdAndStatusAsEventId()
    {
        var result = await _gateway.VerifyWebhookAsync(_account, Itn(PayFastSignatureTests.Fixture()), default);

        Assert.Equal(WebhookVerificationStatus.Valid, result.Status);
        Assert.Equal(("1089250:COMPLETE", "itn.complete"), (result.EventId, result.EventType));
    }

    [Theory]
    [InlineData("tampered-amount")]
    [InlineData("signed-without-passphrase")]
    [InlineData("signed-skipping-empty-fields")]
    [InlineData("fields-reordered")]
    [InlineData("no-signature")]
    [InlineData("not-payfast-address")]
    [InlineData("no-address")]
    public async Task VerifyWebhookAsync_OneCheckFails_InvalidForThatReasonAlone(string broken)
    {
        var fixture = PayFastSignatureTests.Fixture();
        var fields = PayFastSignature.ParseBody(fixture).Where(f => f.Key != "signature").ToList();
        var remote = "127.0.0.1";
        string body;
        switch (broken)
        {
            case "tampered-amount":
                body = fixture.Replace("amount_gross=150.00", "amount_gross=15.00", StringComparison.Ordinal);
                break;
            case "signed-without-passphrase":
                body = fixture.Replace("c7d2d9ea6e44d4fb82e265c440b72edb", "0e073591ab41647bf197459ea43e2d4e", StringComparison.Ordinal);
                break;
            case "signed-skipping-empty-fields":
                body = _fake.Sign(fields, ItnSigning.SkippingEmptyFields);
                break;
            case "fields-reordered":
                var signature = PayFastSignature.ForItn(fields, FakePayFast.Passphrase);
                body = PayFastSignature.ParameterString(fields.OrderBy(f => f.Key, StringComparer.Ordinal)) + "&signature=" + signature;
                break;
            case "no-signature":
                body = PayFastSignature.ParameterString(fields);
                break;
            case "not-payfast-address":
                body = fixture;
                remote = "203.0.113.9";
                break;
            default:
                body = fixture;
                remote = null!;
                break;
        }

        var result = await _gateway.VerifyWebhookAsync(_account, Itn(body, remote), default);

        Assert.Equal(WebhookVerificationStatus.Invalid, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public async Task VerifyWebhookAsync_AccountWithoutPassphrase_CouldNotVerify()
    {
        var account = _account with { Settings = new Dictionary<string, string>(_account.Settings) { [PayFastGateway.Settings.Passphrase] = "" } };

        var result = await _gateway.VerifyWebhookAsync(account, Itn(PayFastSignatureTests.Fixture()), default);

        Assert.Equal(WebhookVerificationStatus.CouldNotVerify, result.Status);
    }

    [Fact]
    public async Task InterpretEventAsync_CompleteItnThatPayFastValidates_SucceededWithPaymentIdAmountAndFee()
    {
        var (attemptId, itn) = await PaidItnAsync();
        Assert.Equal(WebhookVerificationStatus.Valid, (await _gateway.VerifyWebhookAsync(_account, Itn(itn), default)).Status);

        var outcome = await _gateway.InterpretEventAsync(_account, Stored(itn), default);

        Assert.Equal((GatewayEventKind.Payment, attemptId), (outcome.Kind, outcome.AttemptId!.Value));
        var result = outcome.Result!;
        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        Assert.Equal(PayFastSignature.ParseBody(itn).Single(f => f.Key == "pf_payment_id").Value, result.TransactionId);
        Assert.Equal(Money.FromMinor(15000, "ZAR"), result.Amount);
        Assert.Equal(345L, result.FeeMinor);
        Assert.Equal("INV-2026-000125", result.GatewayReference);
        var validate = Assert.Single(_fake.Received, r => r.Path == "/eng/query/validate");
        Assert.Equal(itn[..itn.IndexOf("&signature=", StringComparison.Ordinal)], validate.Body);
    }

    [Fact]
    public async Task InterpretEventAsync_ValidateAnswersInvalid_IgnoredNotCredited()
    {
        var (_, itn) = await PaidItnAsync();
        _fake.ValidateAnswer = "INVALID";

        var outcome = await _gateway.InterpretEventAsync(_account, Stored(itn), default);

        Assert.Equal(GatewayEventKind.Ignored, outcome.Kind);
        Assert.Contains("INVALID", outcome.IgnoredReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InterpretEventAsync_ValidlySignedButAnotherMerchant_IgnoredWithoutAskingPayFast()
    {
        var (_, _) = await PaidItnAsync();
        var itn = _fake.BuildItn("INV-2026-000125", merchantId: "10000999");
        Assert.Equal(WebhookVerificationStatus.Valid, (await _gateway.VerifyWebhookAsync(_account, Itn(itn), default)).Status);

        var outcome = await _gateway.InterpretEventAsync(_account, Stored(itn), default);

        Assert.Equal(GatewayEventKind.Ignored, outcome.Kind);
        Assert.Contains("merchant_id", outcome.IgnoredReason, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Received, r => r.Path == "/eng/query/validate");
    }

    [Fact]
    public async Task InterpretEventAsync_PaidAmountDiffersFromTheAttempt_ReportsTheExactPaidAmountSoRecordingHoldsIt()
    {
        var (attemptId, _) = await PaidItnAsync();
        var itn = _fake.BuildItn("INV-2026-000125", amountGross: "150.01");

        var outcome = await _gateway.InterpretEventAsync(_account, Stored(itn), default);

        Assert.Equal(attemptId, outcome.AttemptId);
        Assert.Equal(Money.FromMinor(15001, "ZAR"), outcome.Result!.Amount);
        Assert.NotEqual(Money.FromMinor(15000, "ZAR"), outcome.Result.Amount);
    }

    [Fact]
    public async Task InterpretEventAsync_Cancelled_FailedAndEventIdDiffersFromTheCompleteOne()
    {
        var (_, complete) = await PaidItnAsync();
        var pfId = PayFastSignature.ParseBody(complete).Single(f => f.Key == "pf_payment_id").Value;
        var cancelled = _fake.BuildItn("INV-2026-000125", "CANCELLED", pfPaymentId: pfId);

        var verification = await _gateway.VerifyWebhookAsync(_account, Itn(cancelled), default);
        var outcome = await _gateway.InterpretEventAsync(_account, Stored(cancelled), default);

        Assert.Equal($"{pfId}:CANCELLED", verification.EventId);
        Assert.Equal((GatewayOutcome.Failed, "payfast.cancelled"), (outcome.Result!.Outcome, outcome.Result.ErrorCode));
    }

    [Fact]
    public async Task InterpretEventAsync_PendingThenCompleteForOnePayment_PendingWithoutCreditThenSucceededUnderAnotherEventId()
    {
        // Contract §7 row 24: two status updates of one pf_payment_id are two events, both processed.
        var (attemptId, complete) = await PaidItnAsync();
        var pfId = PayFastSignature.ParseBody(complete).Single(f => f.Key == "pf_payment_id").Value;
        var pending = _fake.BuildItn("INV-2026-000125", "PENDING", pfPaymentId: pfId);

        var pendingEvent = await _gateway.VerifyWebhookAsync(_account, Itn(pending), default);
        var first = await _gateway.InterpretEventAsync(_account, Stored(pending), default);
        var completeEvent = await _gateway.VerifyWebhookAsync(_account, Itn(complete), default);
        var then = await _gateway.InterpretEventAsync(_account, Stored(complete), default);

        Assert.Equal(($"{pfId}:PENDING", $"{pfId}:COMPLETE"), (pendingEvent.EventId, completeEvent.EventId));
        Assert.Equal((GatewayEventKind.Payment, attemptId, GatewayOutcome.Pending), (first.Kind, first.AttemptId!.Value, first.Result!.Outcome));
        Assert.Equal((GatewayOutcome.Succeeded, pfId), (then.Result!.Outcome, then.Result.TransactionId));
    }

    [Fact]
    public async Task InterpretEventAsync_Failed_FailedWithPayFastsReasonAndNoCredit()
    {
        var (attemptId, complete) = await PaidItnAsync();
        var pfId = PayFastSignature.ParseBody(complete).Single(f => f.Key == "pf_payment_id").Value;
        var failed = _fake.BuildItn("INV-2026-000125", "FAILED", pfPaymentId: pfId);

        var outcome = await _gateway.InterpretEventAsync(_account, Stored(failed), default);

        Assert.Equal(attemptId, outcome.AttemptId);
        Assert.Equal((GatewayOutcome.Failed, "payfast.failed"), (outcome.Result!.Outcome, outcome.Result.ErrorCode));
    }

    [Theory]
    [InlineData(FakePayFastFaultKind.ServerError)]
    [InlineData(FakePayFastFaultKind.Hang)]
    [InlineData(FakePayFastFaultKind.Drop)]
    public async Task InterpretEventAsync_ValidationCannotRun_ThrowsSoTheInboxRetries(FakePayFastFaultKind kind)
    {
        var (_, itn) = await PaidItnAsync();
        _fake.Inject(FakePayFast.Validate, new FakePayFastFault(kind, 503, TimeSpan.FromSeconds(5)));

        await Assert.ThrowsAsync<HttpRequestException>(() => _gateway.InterpretEventAsync(_account, Stored(itn), default));
    }

    [Fact]
    public async Task ConfirmAsync_NoItnYet_PendingThenExpiredAfterTheWindow()
    {
        var attempt = new AttemptSnapshot(Guid.NewGuid(), Money.FromMinor(15000, "ZAR"), "INV-2026-000125", null, Start.UtcDateTime);

        var young = await _gateway.ConfirmAsync(_account, attempt, default);
        _clock.Advance(TimeSpan.FromHours(25));
        var old = await _gateway.ConfirmAsync(_account, attempt, default);

        Assert.Equal(GatewayOutcome.Pending, young.Outcome);
        Assert.Equal(GatewayOutcome.Expired, old.Outcome);
    }

    [Fact]
    public async Task RefundAndChargeSavedMethod_Unsupported_FailedWithoutCallingPayFast()
    {
        var refund = await _gateway.RefundAsync(_account, new GatewayRefundRequest(Guid.NewGuid(), "1089250", Money.FromMinor(100, "ZAR"), null), default);
        var charge = await _gateway.ChargeSavedMethodAsync(_account, new SavedMethodCharge(Guid.NewGuid(), null, "token", Money.FromMinor(100, "ZAR"), "x"), default);

        Assert.Equal("gateway.not_supported", refund.ErrorCode);
        Assert.Equal("gateway.not_supported", charge.ErrorCode);
        Assert.Empty(_fake.Received);
    }

    [Fact]
    public async Task TestConnectionAsync_ValidatorReachable_Succeeded_UnreachableFailed()
    {
        var ok = await _gateway.TestConnectionAsync(_account, default);
        _fake.Inject(FakePayFast.Validate, new FakePayFastFault(FakePayFastFaultKind.ServerError, 500));
        var down = await _gateway.TestConnectionAsync(_account, default);

        Assert.Equal(GatewayOutcome.Succeeded, ok.Outcome);
        Assert.Equal((GatewayOutcome.Failed, "payfast.unreachable"), (down.Outcome, down.ErrorCode));
    }

    private async Task<(Guid AttemptId, string Itn)> PaidItnAsync()
    {
        var request = Checkout();
        var started = await _gateway.StartCheckoutAsync(_account, request, default);
        using var client = new HttpClient();
        using var response = await client.PostAsync(_fake.ProcessUrl, new FormUrlEncodedContent(started.RedirectForm!));
        response.EnsureSuccessStatusCode();
        return (request.AttemptId, _fake.BuildItn("INV-2026-000125"));
    }

    private static InboundWebhook Itn(string body, string? remote = "127.0.0.1") =>
        new(Encoding.UTF8.GetBytes(body), new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, remote);

    private static StoredGatewayEvent Stored(string body) =>
        new(Guid.NewGuid(), "evt", "itn.complete", Encoding.UTF8.GetBytes(body), new Dictionary<string, string>());

    private sealed class LoopbackOnly : IPayFastSourceCheck
    {
        public Task<bool> IsPayFastAsync(IPAddress address, CancellationToken cancellationToken) => Task.FromResult(IPAddress.IsLoopback(address));
    }
}

/// <summary>The production source check with a stubbed DNS: resolved hosts, configured ranges, caching.</summary>
public sealed class DnsPayFastSourceCheckTests
{
    [Fact]
    public async Task IsPayFastAsync_ResolvedHostRangeAndStranger_AllowedAllowedRefused_WithinTheCacheOneResolutionPerHost()
    {
        var lookups = new List<string>();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new PayFastGatewayOptions { ItnHosts = ["www.payfast.co.za", "w1w.payfast.co.za"], AllowedRanges = ["10.1.0.0/16"] });
        var check = new DnsPayFastSourceCheck(options, clock, (host, _) =>
        {
            lookups.Add(host);
            return Task.FromResult(host == "www.payfast.co.za" ? [IPAddress.Parse("197.97.145.145")] : new[] { IPAddress.Parse("197.97.145.146") });
        });

        Assert.True(await check.IsPayFastAsync(IPAddress.Parse("197.97.145.145"), default));
        Assert.True(await check.IsPayFastAsync(IPAddress.Parse("::ffff:197.97.145.146"), default));
        Assert.True(await check.IsPayFastAsync(IPAddress.Parse("10.1.2.3"), default));
        Assert.Equal(2, lookups.Count);
        Assert.False(await check.IsPayFastAsync(IPAddress.Parse("203.0.113.9"), default));
        Assert.False(await check.IsPayFastAsync(IPAddress.Loopback, default));
    }

    [Fact]
    public async Task IsPayFastAsync_AfterTheCacheLifetime_ResolvesAgain()
    {
        var lookups = 0;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new PayFastGatewayOptions { ItnHosts = ["www.payfast.co.za"], DnsCacheLifetime = TimeSpan.FromMinutes(10) });
        var check = new DnsPayFastSourceCheck(options, clock, (_, _) =>
        {
            lookups++;
            return Task.FromResult(new[] { IPAddress.Parse("197.97.145.145") });
        });

        await check.IsPayFastAsync(IPAddress.Parse("197.97.145.145"), default);
        await check.IsPayFastAsync(IPAddress.Parse("197.97.145.145"), default);
        clock.Advance(TimeSpan.FromMinutes(11));
        await check.IsPayFastAsync(IPAddress.Parse("197.97.145.145"), default);

        Assert.Equal(2, lookups);
    }
}
