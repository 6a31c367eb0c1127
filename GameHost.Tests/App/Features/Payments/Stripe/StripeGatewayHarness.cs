using GameHost.App.Features.Payments.Gateways.Stripe;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.App.Features.Payments.Stripe;

/// <summary>The Stripe adapter as the app registers it, pointed at a <see cref="FakeStripe"/> on loopback.</summary>
public sealed class StripeGatewayHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private StripeGatewayHarness(FakeStripe fake, ServiceProvider services, FakeTimeProvider clock, List<string> logs)
    {
        _logs = logs;
        Fake = fake;
        _services = services;
        Clock = clock;
        Gateway = services.GetRequiredService<IPaymentGateway>();
        Account = AccountFor(fake.BaseAddress.ToString());
    }

    public FakeStripe Fake { get; }

    public FakeTimeProvider Clock { get; }

    public IPaymentGateway Gateway { get; }

    public GatewayAccountConfig Account { get; }

    public static async Task<StripeGatewayHarness> StartAsync(TimeSpan? requestTimeout = null)
    {
        var clock = new FakeTimeProvider(Start);
        var fake = await FakeStripe.StartAsync(clock);
        var services = new ServiceCollection();
        var logs = new List<string>();
        services.AddLogging(b => b.AddProvider(new ListLoggerProvider(logs)));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddStripeGateway();
        services.Configure<StripeGatewayOptions>(o => o.RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(5));
        return new StripeGatewayHarness(fake, services.BuildServiceProvider(), clock, logs);
    }

    private readonly List<string> _logs;

    public IReadOnlyList<string> LogLines
    {
        get
        {
            lock (_logs)
            {
                return [.. _logs];
            }
        }
    }

    public static GatewayAccountConfig AccountFor(string apiBase, Guid? accountId = null, string secretKey = FakeStripe.DefaultSecretKey) =>
        new(accountId ?? Guid.Parse("5a7e0000-0000-4000-8000-00000000000a"), StripeGateway.GatewayCode, Sandbox: true,
            new Dictionary<string, string>
            {
                [StripeGateway.Settings.SecretKey] = secretKey,
                [StripeGateway.Settings.WebhookSecret] = FakeStripe.DefaultWebhookSecret,
                [StripeGateway.Settings.ApiBase] = apiBase,
            });

    public static CheckoutRequest Checkout(Money amount, Guid? attemptId = null, bool saveMethod = false, PaymentPurpose purpose = PaymentPurpose.Invoice) =>
        new(
            attemptId ?? Guid.NewGuid(),
            purpose,
            purpose == PaymentPurpose.Invoice ? Guid.Parse("1e1e0000-0000-4000-8000-000000000124") : null,
            "INV-2026-000124",
            "Invoice INV-2026-000124",
            amount,
            Guid.Parse("c0c00000-0000-4000-8000-000000000001"),
            "player.two@example.test",
            "Player Two",
            "https://billing.example.test/pay/return?attempt=1",
            "https://billing.example.test/pay/cancel?attempt=1",
            "https://billing.example.test/webhooks/stripe",
            saveMethod,
            Start.UtcDateTime);

    public static AttemptSnapshot Snapshot(Guid attemptId, Money amount, string? reference, string? transactionId = null) =>
        new(attemptId, amount, reference, transactionId, Start.UtcDateTime);

    public static InboundWebhook Webhook(string body, string? signature) =>
        new(System.Text.Encoding.UTF8.GetBytes(body),
            signature is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["stripe-signature"] = signature },
            "127.0.0.1");

    public static StoredGatewayEvent Stored(string body, string eventId = "evt_stored") =>
        new(Guid.NewGuid(), eventId, "stripe", System.Text.Encoding.UTF8.GetBytes(body), new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add($"{logLevel}: {formatter(state, exception)}");
            }
        }
    }
}
