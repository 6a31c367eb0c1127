using System.Globalization;
using GameHost.App.Features.Payments.Gateways.Stripe;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.Stripe;

/// <summary>Hosted checkout against the fake over real HTTP: what goes on the wire, and how Stripe's answers map.</summary>
public sealed class StripeCheckoutTests : IAsyncLifetime
{
    private StripeGatewayHarness _h = null!;

    public async Task InitializeAsync() => _h = await StripeGatewayHarness.StartAsync(requestTimeout: TimeSpan.FromSeconds(2));

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task StartCheckoutAsync_ZarInvoice_SendsOurKeyPinnedVersionAndMetadataOnSessionAndIntent()
    {
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR"));

        var result = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.StartsWith("cs_test_", result.GatewayReference, StringComparison.Ordinal);
        Assert.Equal(new Uri(_h.Fake.BaseAddress, "/pay/" + result.GatewayReference).ToString(), result.RedirectUrl);
        var post = Assert.Single(_h.Fake.Posts);
        Assert.Equal("/v1/checkout/sessions", post.Path);
        Assert.Equal($"checkout:{request.AttemptId}", post.Header("Idempotency-Key"));
        Assert.Equal(FakeStripe.ApiVersion, post.Header("Stripe-Version"));
        Assert.Equal(StripeGateway.PinnedApiVersion, post.Header("Stripe-Version"));
        Assert.Equal("application/x-www-form-urlencoded", post.Header("Content-Type")?.Split(';')[0]);
        var account = _h.Account.AccountId.ToString();
        foreach (var prefix in new[] { "metadata", "payment_intent_data[metadata]" })
        {
            Assert.Equal(request.AttemptId.ToString(), post.Field($"{prefix}[attempt_id]"));
            Assert.Equal(account, post.Field($"{prefix}[gateway_account]"));
            Assert.Equal(request.InvoiceId.ToString(), post.Field($"{prefix}[invoice_id]"));
        }

        Assert.Equal("payment", post.Field("mode"));
        Assert.Equal("15000", post.Field("line_items[0][price_data][unit_amount]"));
        Assert.Equal("zar", post.Field("line_items[0][price_data][currency]"));
        Assert.Equal("1", post.Field("line_items[0][quantity]"));
        Assert.Equal(request.ReturnUrl, post.Field("success_url"));
        Assert.Equal(request.CancelUrl, post.Field("cancel_url"));
        Assert.Equal(StripeGatewayHarness.Start.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), post.Field("expires_at"));
        Assert.True(string.IsNullOrEmpty(post.Field("payment_intent_data[setup_future_usage]")));
    }

    [Fact]
    public async Task StartCheckoutAsync_TopUpWithSaveMethod_AsksToSaveTheCardAndCreateACustomer()
    {
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(5000, "ZAR"), saveMethod: true, purpose: PaymentPurpose.TopUp);

        await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);

        var post = Assert.Single(_h.Fake.Posts);
        Assert.Equal("off_session", post.Field("payment_intent_data[setup_future_usage]"));
        Assert.Equal("always", post.Field("customer_creation"));
        Assert.Equal("topup", post.Field("metadata[purpose]"));
        Assert.Null(post.Field("metadata[invoice_id]"));
    }

    [Theory]
    [InlineData("af-ZA", "ZAR", 15000L, "15000", "zar")]
    [InlineData("de-DE", "ZAR", 15000L, "15000", "zar")]
    [InlineData("af-ZA", "JPY", 1250L, "1250", "jpy")]
    [InlineData("de-DE", "USD", 1250L, "1250", "usd")]
    [InlineData("de-DE", "KWD", 12340L, "12340", "kwd")]
    [InlineData("af-ZA", "USD", 123456789012L, "123456789012", "usd")]
    public async Task StartCheckoutAsync_AnyCultureAndCurrencyExponent_SendsExactMinorUnitsAsInvariantInteger(
        string culture, string currency, long minor, string wireAmount, string wireCurrency)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var result = await _h.Gateway.StartCheckoutAsync(_h.Account, StripeGatewayHarness.Checkout(Money.FromMinor(minor, currency)), default);

            Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
            var post = Assert.Single(_h.Fake.Posts);
            Assert.Equal(wireAmount, post.Field("line_items[0][price_data][unit_amount]"));
            Assert.Equal(wireCurrency, post.Field("line_items[0][price_data][currency]"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task StartCheckoutAsync_ThreeDecimalAmountStripeCannotTake_NotAttemptedAndNothingSent()
    {
        var result = await _h.Gateway.StartCheckoutAsync(_h.Account, StripeGatewayHarness.Checkout(Money.FromMinor(12345, "KWD")), default);

        Assert.Equal(GatewayOutcome.NotAttempted, result.Outcome);
        Assert.Equal("stripe.invalid_amount", result.ErrorCode);
        Assert.Empty(_h.Fake.Received);
    }

    [Fact]
    public async Task StartCheckoutAsync_SameAttemptTwice_ReplaysTheFirstSession()
    {
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR"));

        var first = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);
        var second = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);

        Assert.Equal(first.GatewayReference, second.GatewayReference);
        Assert.Equal(2, _h.Fake.Posts.Count());
        Assert.All(_h.Fake.Posts, p => Assert.Equal($"checkout:{request.AttemptId}", p.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task StartCheckoutAsync_CommittedThen500_UnknownAndARetryWithTheSameKeyGetsTheSameSession()
    {
        _h.Fake.Inject(FakeStripe.CreateSession, FakeStripeFault.CommitThenServerError());
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR"));

        var first = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);
        var retry = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);

        Assert.Equal(GatewayOutcome.Unknown, first.Outcome);
        Assert.Equal(GatewayOutcome.RequiresCustomerAction, retry.Outcome);
        Assert.Single(_h.Fake.Posts.Select(p => p.Header("Idempotency-Key")).Distinct());
        Assert.NotNull(_h.Fake.Session(retry.GatewayReference!));
    }

    [Fact]
    public async Task StartCheckoutAsync_RetriedLaterAfterCommittedThen500_SameBodyUnderTheKeyAndTheSameSession()
    {
        _h.Fake.Inject(FakeStripe.CreateSession, FakeStripeFault.CommitThenServerError());
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR"));

        var first = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);
        _h.Clock.Advance(TimeSpan.FromMinutes(20));
        var retry = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);

        Assert.Equal(GatewayOutcome.Unknown, first.Outcome);
        Assert.Equal(GatewayOutcome.RequiresCustomerAction, retry.Outcome);
        var posts = _h.Fake.Posts.ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Body, posts[1].Body);
        Assert.Equal(StripeGatewayHarness.Start.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), posts[1].Field("expires_at"));
        Assert.NotNull(_h.Fake.Session(retry.GatewayReference!));
    }

    [Fact]
    public async Task StartCheckoutAsync_SameKeyWithAnExpiryFromAnotherTime_StripeRefusesWithIdempotencyError()
    {
        // What a retry would meet if expires_at followed the clock: Stripe binds the key to the first body.
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR"));
        var first = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);

        _h.Clock.Advance(TimeSpan.FromMinutes(20));
        var moved = await _h.Gateway.StartCheckoutAsync(_h.Account, request with { AttemptCreatedAtUtc = _h.Clock.GetUtcNow().UtcDateTime }, default);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, first.Outcome);
        Assert.Equal(GatewayOutcome.Failed, moved.Outcome);
        Assert.Equal("stripe.idempotency_error", moved.ErrorCode);
    }

    [Fact]
    public async Task StartCheckoutAsync_NoAttemptTime_NoExpiresAtSoStripesDefaultApplies()
    {
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR")) with { AttemptCreatedAtUtc = null };

        var result = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.Null(Assert.Single(_h.Fake.Posts).Field("expires_at"));
        Assert.Equal(StripeGatewayHarness.Start.AddHours(24).ToUnixTimeSeconds(), _h.Fake.Session(result.GatewayReference!)!["expires_at"]!.GetValue<long>());
    }

    [Fact]
    public async Task StartCheckoutAsync_AttemptOlderThanTheCheckoutLifetimeAllows_FailedByStripeNotResentWithANewExpiry()
    {
        // The first try never reached Stripe; by the time it is retried, an expiry derived from the attempt is too near.
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR"));
        _h.Clock.Advance(TimeSpan.FromMinutes(45));

        var late = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);

        Assert.Equal(GatewayOutcome.Failed, late.Outcome);
        Assert.Equal(StripeGatewayHarness.Start.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), Assert.Single(_h.Fake.Posts).Field("expires_at"));
        Assert.Null(late.GatewayReference);
    }

    [Theory]
    [InlineData("drop")]
    [InlineData("hang")]
    [InlineData("commit-then-drop")]
    [InlineData("commit-then-hang")]
    [InlineData("503")]
    public async Task StartCheckoutAsync_NoUsableAnswerAfterSending_Unknown(string fault)
    {
        _h.Fake.Inject(FakeStripe.CreateSession, fault switch
        {
            "drop" => FakeStripeFault.Drop(),
            "hang" => FakeStripeFault.Hang(TimeSpan.FromSeconds(5)),
            "commit-then-drop" => FakeStripeFault.CommitThenDrop(),
            "commit-then-hang" => FakeStripeFault.CommitThenHang(TimeSpan.FromSeconds(5)),
            _ => FakeStripeFault.ServerError(503),
        });

        var result = await _h.Gateway.StartCheckoutAsync(_h.Account, StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR")), default);

        Assert.Equal(GatewayOutcome.Unknown, result.Outcome);
        Assert.Equal("gateway.unknown_outcome", result.ErrorCode);
    }

    [Fact]
    public async Task StartCheckoutAsync_409Conflict_UnknownThenTheRetryWithTheSameKeyGetsOneSession()
    {
        // Contract §3.5: 409 is concurrent use of the key — retry with the same key, never a new attempt.
        _h.Fake.Inject(FakeStripe.CreateSession, FakeStripeFault.Error(409, "idempotency_error", message: "Another request with this key is in progress."));
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR"));

        var first = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);
        var retry = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);

        Assert.Equal(GatewayOutcome.Unknown, first.Outcome);
        Assert.Equal(GatewayOutcome.RequiresCustomerAction, retry.Outcome);
        Assert.All(_h.Fake.Posts, p => Assert.Equal($"checkout:{request.AttemptId}", p.Header("Idempotency-Key")));
        Assert.NotNull(_h.Fake.Session(retry.GatewayReference!));
    }

    [Fact]
    public async Task StartCheckoutAsync_NothingListening_NotAttempted()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var account = StripeGatewayHarness.AccountFor($"http://127.0.0.1:{port}");

        var result = await _h.Gateway.StartCheckoutAsync(account, StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR")), default);

        Assert.Equal(GatewayOutcome.NotAttempted, result.Outcome);
    }

    [Fact]
    public async Task StartCheckoutAsync_429WithRetryAfter_WaitsOnTheClockThenRetriesOnceWithTheSameKey()
    {
        _h.Fake.Inject(FakeStripe.CreateSession, FakeStripeFault.TooManyRequests(2));
        var request = StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR"));

        var call = _h.Gateway.StartCheckoutAsync(_h.Account, request, default);
        await WaitUntilAsync(() => _h.LogLines.Any(l => l.Contains("rate-limited; retrying once", StringComparison.Ordinal)));
        await Task.Delay(100);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(300);
        Assert.False(call.IsCompleted);
        Assert.Single(_h.Fake.Posts);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.Equal(2, _h.Fake.Posts.Count());
        Assert.All(_h.Fake.Posts, p => Assert.Equal($"checkout:{request.AttemptId}", p.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task StartCheckoutAsync_429Twice_NotAttemptedAfterOneRetry()
    {
        _h.Fake.Inject(FakeStripe.CreateSession, FakeStripeFault.TooManyRequests(0), times: 2);

        var result = await _h.Gateway.StartCheckoutAsync(_h.Account, StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR")), default);

        Assert.Equal(GatewayOutcome.NotAttempted, result.Outcome);
        Assert.Equal("stripe.rate_limited", result.ErrorCode);
        Assert.Equal(2, _h.Fake.Posts.Count());
    }

    [Theory]
    [InlineData(400, "invalid_request_error", "parameter_invalid_integer", "stripe.parameter_invalid_integer")]
    [InlineData(401, "invalid_request_error", null, "stripe.authentication")]
    [InlineData(403, "invalid_request_error", null, "stripe.authentication")]
    public async Task StartCheckoutAsync_ClientError_FailedWithoutRetry(int status, string type, string? code, string expectedCode)
    {
        _h.Fake.Inject(FakeStripe.CreateSession, FakeStripeFault.Error(status, type, code));

        var result = await _h.Gateway.StartCheckoutAsync(_h.Account, StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR")), default);

        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.Equal(expectedCode, result.ErrorCode);
        Assert.NotNull(result.DebugId);
        Assert.Single(_h.Fake.Posts);
    }

    [Fact]
    public async Task StartCheckoutAsync_LiveKeyOnSandboxAccount_NotAttemptedAndNothingSent()
    {
        var account = StripeGatewayHarness.AccountFor(_h.Fake.BaseAddress.ToString(), secretKey: "sk_live_real_key");

        var result = await _h.Gateway.StartCheckoutAsync(account, StripeGatewayHarness.Checkout(Money.FromMinor(15000, "ZAR")), default);

        Assert.Equal(GatewayOutcome.NotAttempted, result.Outcome);
        Assert.Equal("stripe.environment_mismatch", result.ErrorCode);
        Assert.Empty(_h.Fake.Received);
    }

    [Fact]
    public async Task ConfirmAsync_SessionPaid_SucceededWithPaymentIntentAsTransactionAndAmountFromStripe()
    {
        var (attemptId, session) = await StartAsync(Money.FromMinor(15000, "ZAR"));
        var intentId = _h.Fake.CompleteSession(session);

        var result = await _h.Gateway.ConfirmAsync(_h.Account, StripeGatewayHarness.Snapshot(attemptId, Money.FromMinor(15000, "ZAR"), session), default);

        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        Assert.Equal(intentId, result.TransactionId);
        Assert.Equal(session, result.GatewayReference);
        Assert.Equal(Money.FromMinor(15000, "ZAR"), result.Amount);
        Assert.Null(result.SavedMethod);
        var read = _h.Fake.Received.Last();
        Assert.Equal("GET", read.Method);
        Assert.Contains("payment_intent", read.QueryValues("expand"));
    }

    [Fact]
    public async Task ConfirmAsync_CardSavedWhilePaying_ReportsCustomerAndMethod()
    {
        var (attemptId, session) = await StartAsync(Money.FromMinor(15000, "ZAR"), saveMethod: true);
        _h.Fake.CompleteSession(session);

        var result = await _h.Gateway.ConfirmAsync(_h.Account, StripeGatewayHarness.Snapshot(attemptId, Money.FromMinor(15000, "ZAR"), session), default);

        var saved = Assert.IsType<SavedMethodInfo>(result.SavedMethod);
        Assert.StartsWith("cus_", saved.CustomerReference, StringComparison.Ordinal);
        Assert.Equal("pm_card_visa", saved.MethodReference);
        Assert.Equal("Visa •••• 4242", saved.Label);
    }

    [Fact]
    public async Task ConfirmAsync_PaymentProcessing_PendingWithoutCredit()
    {
        var (attemptId, session) = await StartAsync(Money.FromMinor(15000, "ZAR"));
        _h.Fake.CompleteSession(session, intentStatus: "processing");

        var result = await _h.Gateway.ConfirmAsync(_h.Account, StripeGatewayHarness.Snapshot(attemptId, Money.FromMinor(15000, "ZAR"), session), default);

        Assert.Equal(GatewayOutcome.Pending, result.Outcome);
    }

    [Fact]
    public async Task ConfirmAsync_SessionExpired_Expired()
    {
        var (attemptId, session) = await StartAsync(Money.FromMinor(15000, "ZAR"));
        _h.Fake.ExpireSession(session);

        var result = await _h.Gateway.ConfirmAsync(_h.Account, StripeGatewayHarness.Snapshot(attemptId, Money.FromMinor(15000, "ZAR"), session), default);

        Assert.Equal(GatewayOutcome.Expired, result.Outcome);
    }

    [Fact]
    public async Task ConfirmAsync_SessionStillOpen_RequiresCustomerActionWithTheCheckoutLink()
    {
        var (attemptId, session) = await StartAsync(Money.FromMinor(15000, "ZAR"));

        var result = await _h.Gateway.ConfirmAsync(_h.Account, StripeGatewayHarness.Snapshot(attemptId, Money.FromMinor(15000, "ZAR"), session), default);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.EndsWith("/pay/" + session, result.RedirectUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmAsync_UnknownSession_Expired()
    {
        var result = await _h.Gateway.ConfirmAsync(_h.Account, StripeGatewayHarness.Snapshot(Guid.NewGuid(), Money.FromMinor(15000, "ZAR"), "cs_test_missing"), default);

        Assert.Equal(GatewayOutcome.Expired, result.Outcome);
    }

    [Fact]
    public async Task ConfirmAsync_AmountsArriveAsStringsInsteadOfNumbers_NeverCreditedOnAMisreadAmount()
    {
        var (attemptId, session) = await StartAsync(Money.FromMinor(15000, "ZAR"));
        _h.Fake.CompleteSession(session);
        var snapshot = StripeGatewayHarness.Snapshot(attemptId, Money.FromMinor(15000, "ZAR"), session);

        var asNumbers = await _h.Gateway.ConfirmAsync(_h.Account, snapshot, default);
        _h.Fake.AmountsAsStrings = true;
        var asStrings = await _h.Gateway.ConfirmAsync(_h.Account, snapshot, default);

        Assert.Contains("\"amount_received\":\"15000\"", await ReadRawAsync(session), StringComparison.Ordinal);
        Assert.Equal((GatewayOutcome.Succeeded, Money.FromMinor(15000, "ZAR")), (asNumbers.Outcome, asNumbers.Amount!.Value));
        Assert.Equal(GatewayOutcome.Unknown, asStrings.Outcome);
        Assert.Null(asStrings.Amount);
    }

    [Fact]
    public async Task TestConnectionAsync_ValidKey_SucceededWithAnAuthenticatedGet()
    {
        var result = await _h.Gateway.TestConnectionAsync(_h.Account, default);

        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        var request = Assert.Single(_h.Fake.Received);
        Assert.Equal(("GET", "/v1/balance"), (request.Method, request.Path));
        Assert.Equal($"Bearer {FakeStripe.DefaultSecretKey}", request.Header("Authorization"));
    }

    [Fact]
    public async Task TestConnectionAsync_WrongKey_FailedAuthentication()
    {
        var account = StripeGatewayHarness.AccountFor(_h.Fake.BaseAddress.ToString(), secretKey: "sk_test_wrong");

        var result = await _h.Gateway.TestConnectionAsync(account, default);

        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.Equal("stripe.authentication", result.ErrorCode);
    }

    private async Task<(Guid AttemptId, string Session)> StartAsync(Money amount, bool saveMethod = false)
    {
        var request = StripeGatewayHarness.Checkout(amount, saveMethod: saveMethod);
        var started = await _h.Gateway.StartCheckoutAsync(_h.Account, request, default);
        return (request.AttemptId, started.GatewayReference!);
    }

    private async Task<string> ReadRawAsync(string session)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_h.Fake.BaseAddress, $"/v1/checkout/sessions/{session}?expand[0]=payment_intent"));
        request.Headers.Add("Authorization", "Bearer " + FakeStripe.DefaultSecretKey);
        request.Headers.Add("Stripe-Version", FakeStripe.ApiVersion);
        using var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
