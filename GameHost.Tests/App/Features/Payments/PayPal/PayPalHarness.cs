using GameHost.App.Features.Payments.Gateways.PayPal;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.App.Features.Payments.PayPal;

/// <summary>
/// The fake PayPal on a loopback port and the real adapter (as the app registers it) talking to it over HTTP, both on
/// one fake clock. <see cref="Restart"/> builds a fresh adapter (new token cache, new HTTP clients) as after a
/// process restart, against the same fake.
/// </summary>
public sealed class PayPalHarness : IAsyncDisposable
{
    public static readonly Guid AccountId = Guid.Parse("0d1e2f30-4152-6374-8596-a7b8c9d0e1f2");

    private readonly Action<PayPalGatewayOptions>? _configure;
    private ServiceProvider _services;

    private PayPalHarness(FakePayPal fake, Action<PayPalGatewayOptions>? configure)
    {
        Fake = fake;
        _configure = configure;
        _services = Build();
    }

    public FakePayPal Fake { get; }

    public FakeTimeProvider Clock => Fake.Clock;

    public IPaymentGateway Gateway => _services.GetRequiredService<IPaymentGateway>();

    public GatewayAccountConfig Account => AccountWith(FakePayPal.ClientSecret);

    public static async Task<PayPalHarness> StartAsync(Action<PayPalGatewayOptions>? configure = null) =>
        new(await FakePayPal.StartAsync(), configure);

    public GatewayAccountConfig AccountWith(string secret, string? baseUrl = null) => new(AccountId, PayPalGateway.GatewayCode, Sandbox: true,
        new Dictionary<string, string>
        {
            [PayPalSettings.ClientId] = FakePayPal.ClientId,
            [PayPalSettings.ClientSecret] = secret,
            [PayPalSettings.WebhookId] = FakePayPal.WebhookId,
            [PayPalSettings.BaseUrl] = baseUrl ?? Fake.BaseUrl,
            [PayPalSettings.BrandName] = "Example Game Hosting",
        });

    public void Restart()
    {
        var old = _services;
        _services = Build();
        old.Dispose();
    }

    public static CheckoutRequest Checkout(Guid attemptId, Money amount, bool saveMethod = false) => new(
        attemptId,
        PaymentPurpose.Invoice,
        Guid.NewGuid(),
        "INV-2026-000123",
        "Game server hosting - invoice INV-2026-000123",
        amount,
        Guid.NewGuid(),
        "player.one@example.test",
        "Player One",
        $"https://billing.example.test/pay/paypal/return?attempt={attemptId}",
        $"https://billing.example.test/pay/paypal/cancel?attempt={attemptId}",
        "https://billing.example.test/webhooks/paypal",
        saveMethod);

    public AttemptSnapshot Snapshot(Guid attemptId, Money amount, string? orderId) =>
        new(attemptId, amount, orderId, null, Clock.GetUtcNow().UtcDateTime);

    /// <summary>Creates an order for a new attempt; the buyer approves it when <paramref name="approve"/>.</summary>
    public async Task<(Guid AttemptId, string OrderId, AttemptSnapshot Snapshot)> StartOrderAsync(Money amount, bool approve = true)
    {
        var attemptId = Guid.NewGuid();
        var snapshot = Snapshot(attemptId, amount, null);
        var started = await Gateway.StartCheckoutAsync(Account, Checkout(attemptId, amount), CancellationToken.None);
        Assert.Equal(GatewayOutcome.RequiresCustomerAction, started.Outcome);
        if (approve)
        {
            Fake.ApproveOrder(started.GatewayReference!);
        }

        return (attemptId, started.GatewayReference!, snapshot with { GatewayReference = started.GatewayReference });
    }

    /// <summary>
    /// Moves the fake clock in small steps until the call completes: for calls that wait on the clock (a deadline, a
    /// <c>Retry-After</c>). Bounded, so a call that never finishes fails the test instead of hanging it.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> call, TimeSpan step, int maxSteps = 20_000)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var i = 0; i < maxSteps && !call.IsCompleted; i++)
        {
            // Real time for normal requests to finish between steps, so only a request that hangs meets its deadline.
            await Task.WhenAny(call, Task.Delay(20));
            if (!call.IsCompleted)
            {
                Clock.Advance(step);
            }
        }

        Assert.True(call.IsCompleted, "The call did not finish while the clock was driven.");
        return await call;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(Fake.Clock);
        services.AddPayPalGateway();
        services.Configure<PayPalGatewayOptions>(o =>
        {
            o.RequestTimeoutSeconds = 30;
            _configure?.Invoke(o);
        });
        return services.BuildServiceProvider();
    }
}
