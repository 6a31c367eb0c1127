using GameHost.App.Features.Payments.Gateways.PayPal;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.PayPal;

/// <summary>Contract §2.2 and scenario 1: one token for concurrent callers, refresh before expiry, one refresh after a 401.</summary>
public sealed class PayPalTokenTests
{
    private static readonly Money Usd = Money.FromMinor(1250, "USD");

    [Fact]
    public async Task SendAsync_TwoConcurrentCallsWithoutToken_RequestOneToken()
    {
        await using var paypal = await PayPalHarness.StartAsync();

        var first = paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Usd), CancellationToken.None);
        var second = paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Usd), CancellationToken.None);
        var results = await Task.WhenAll(first, second);

        Assert.All(results, r => Assert.Equal(GatewayOutcome.RequiresCustomerAction, r.Outcome));
        Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.Token));
        var bearers = paypal.Fake.RequestsTo(PayPalRoute.CreateOrder).Select(r => r.Header("Authorization")).Distinct().ToList();
        Assert.Single(bearers);
        Assert.StartsWith("Bearer ", bearers[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ClockPastLifetimeMinusMargin_RefreshesBeforeExpiry()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.TokenLifetimeSeconds = 32400;
        await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Usd), CancellationToken.None);

        // Well inside the lifetime: the cached token is reused.
        paypal.Clock.Advance(TimeSpan.FromSeconds(32400 - 301));
        await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Usd), CancellationToken.None);
        Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.Token));

        // Less than the 5-minute margin left (the old token still valid at PayPal): a new one is fetched first.
        paypal.Clock.Advance(TimeSpan.FromSeconds(2));
        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Usd), CancellationToken.None);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.Equal(2, paypal.Fake.RequestsTo(PayPalRoute.Token).Count);
        // Three creates, no retry: no call met a 401.
        var orders = paypal.Fake.RequestsTo(PayPalRoute.CreateOrder);
        Assert.Equal(3, orders.Count);
        Assert.NotEqual(orders[1].Header("Authorization"), orders[2].Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_ApiAnswers401_RefreshesOnceAndRetries()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Usd), CancellationToken.None);
        paypal.Fake.RevokeTokens();

        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Usd), CancellationToken.None);

        Assert.Equal(GatewayOutcome.RequiresCustomerAction, result.Outcome);
        Assert.Equal(2, paypal.Fake.RequestsTo(PayPalRoute.Token).Count);
        Assert.Equal(3, paypal.Fake.RequestsTo(PayPalRoute.CreateOrder).Count);
        Assert.Equal(2, paypal.Fake.Orders.Count);
    }

    [Fact]
    public async Task SendAsync_401AfterRefresh_NotAttemptedWithoutSecondRefresh()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.CreateOrder, PayPalFault.Unauthorized(), times: 3);

        var result = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(Guid.NewGuid(), Usd), CancellationToken.None);

        Assert.Equal(GatewayOutcome.NotAttempted, result.Outcome);
        Assert.Equal(PayPalErrorCodes.AuthenticationFailed, result.ErrorCode);
        Assert.Equal(2, paypal.Fake.RequestsTo(PayPalRoute.Token).Count);
        Assert.Equal(2, paypal.Fake.RequestsTo(PayPalRoute.CreateOrder).Count);
        Assert.Empty(paypal.Fake.Orders);
    }

    [Fact]
    public async Task TestConnectionAsync_RightCredentials_SucceedsWithBasicAuthAndFormBody()
    {
        await using var paypal = await PayPalHarness.StartAsync();

        var result = await paypal.Gateway.TestConnectionAsync(paypal.Account, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        var request = Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.Token));
        Assert.StartsWith("Basic ", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("grant_type=client_credentials", request.Body);
        Assert.StartsWith("application/x-www-form-urlencoded", request.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectionAsync_WrongSecret_FailsWithAuthenticationCode()
    {
        await using var paypal = await PayPalHarness.StartAsync();

        var result = await paypal.Gateway.TestConnectionAsync(paypal.AccountWith("wrong-secret"), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.Equal(PayPalErrorCodes.AuthenticationFailed, result.ErrorCode);
        Assert.Contains("invalid_client", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectionAsync_NothingListening_NotAttempted()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var result = await paypal.Gateway.TestConnectionAsync(paypal.AccountWith(FakePayPal.ClientSecret, $"http://127.0.0.1:{port}"), CancellationToken.None);

        Assert.Equal(GatewayOutcome.NotAttempted, result.Outcome);
        Assert.Equal(PayPalErrorCodes.Unavailable, result.ErrorCode);
    }
}

/// <summary>What staff see when they add a PayPal account.</summary>
public sealed class PayPalSettingsTests
{
    [Fact]
    public async Task SettingFields_Spanish_LocalizedLabelsSecretSecretAndSandboxDefault()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("es");
        IReadOnlyList<GatewaySettingField> fields;
        try
        {
            fields = paypal.Gateway.SettingFields;
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }

        Assert.Equal(
            [PayPalSettings.ClientId, PayPalSettings.ClientSecret, PayPalSettings.WebhookId, PayPalSettings.BaseUrl, PayPalSettings.BrandName],
            fields.Select(f => f.Key));
        Assert.Equal("Secreto de cliente", fields[1].Label);
        Assert.True(fields[1].Secret);
        Assert.False(fields[0].Secret);
        Assert.Equal(PayPalSettings.SandboxBaseUrl, fields[3].DefaultValue);
        Assert.Equal("paypal", paypal.Gateway.Code);
        Assert.True(paypal.Gateway.Capabilities.HasFlag(GatewayCapabilities.PartialRefund));
    }

    [Fact]
    public async Task TestConnectionAsync_SecretChanged_DoesNotReuseOldToken()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var ok = await paypal.Gateway.TestConnectionAsync(paypal.Account, CancellationToken.None);

        var changed = await paypal.Gateway.TestConnectionAsync(paypal.AccountWith("changed-secret"), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Succeeded, ok.Outcome);
        Assert.Equal(GatewayOutcome.Failed, changed.Outcome);
        Assert.Equal(2, paypal.Fake.RequestsTo(PayPalRoute.Token).Count);
    }
}
