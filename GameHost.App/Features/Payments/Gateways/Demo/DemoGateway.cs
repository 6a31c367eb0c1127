using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;

namespace GameHost.App.Features.Payments.Gateways.Demo;

public enum DemoPaymentStatus
{
    Open = 1,
    Paid = 2,
    Declined = 3,
}

/// <summary>A payment on the demo gateway's page.</summary>
public sealed record DemoPayment(Guid AttemptId, Money Amount, string Description, string ReturnUrl, string CancelUrl, DemoPaymentStatus Status)
{
    public string TransactionId => $"demo_txn_{AttemptId:N}";
}

/// <summary>The demo gateway's own books (in memory: a restart forgets open demo payments, which then expire).</summary>
public sealed class DemoGatewayState
{
    private readonly ConcurrentDictionary<Guid, DemoPayment> _payments = new();

    public DemoPayment? Find(Guid attemptId) => _payments.GetValueOrDefault(attemptId);

    public void Open(DemoPayment payment) => _payments.TryAdd(payment.AttemptId, payment);

    /// <summary>Pays or declines an open payment; a decided one stays as it was.</summary>
    public DemoPayment? Decide(Guid attemptId, DemoPaymentStatus status) =>
        _payments.TryGetValue(attemptId, out var payment)
            ? _payments.AddOrUpdate(attemptId, payment, (_, p) => p.Status == DemoPaymentStatus.Open ? p with { Status = status } : p)
            : null;
}

/// <summary>Signs and checks the demo gateway's webhooks: <c>Demo-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, t + "." + body)}</c>.</summary>
public static class DemoSignature
{
    public const string Header = "Demo-Signature";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, long unixSeconds, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        byte[] message = [.. prefix, .. body];
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    public static byte[] Body(string eventId, string type, Guid attemptId) =>
        JsonSerializer.SerializeToUtf8Bytes(new { id = eventId, type, attempt_id = attemptId.ToString("D") });
}

/// <summary>
/// A gateway that lives inside the app, for demos and for trying the whole payment pipeline offline: its hosted page
/// is <c>/pay/demo/{attemptId}</c> (clearly labelled DEMO, with Pay and Decline), and paying there sends a signed
/// webhook to <c>/webhooks/demo</c> like a real gateway would. Registered only in demo mode, never in Production.
/// </summary>
public sealed class DemoGateway(DemoGatewayState state, TimeProvider time) : IPaymentGateway
{
    public const string SecretKey = "webhook_secret";

    public string Code => GatewayCodes.Demo;

    public GatewayCapabilities Capabilities => GatewayCapabilities.HostedCheckout | GatewayCapabilities.Refund | GatewayCapabilities.PartialRefund;

    public IReadOnlySet<string> SupportedCurrencies { get; } = Currency.Known.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<GatewaySettingField> SettingFields { get; } = [new(SecretKey, "Webhook signing secret", Secret: true, Required: true)];

    public Task<GatewayResult> StartCheckoutAsync(GatewayAccountConfig account, CheckoutRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        state.Open(new DemoPayment(request.AttemptId, request.Amount, request.Description, request.ReturnUrl, request.CancelUrl, DemoPaymentStatus.Open));
        return Task.FromResult(new GatewayResult(GatewayOutcome.RequiresCustomerAction, GatewayReference: $"demo_ord_{request.AttemptId:N}",
            RedirectUrl: $"/pay/demo/{request.AttemptId:D}"));
    }

    public Task<GatewayResult> ConfirmAsync(GatewayAccountConfig account, AttemptSnapshot attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return Task.FromResult(Read(attempt.AttemptId));
    }

    private GatewayResult Read(Guid attemptId) => state.Find(attemptId) switch
    {
        null => new GatewayResult(GatewayOutcome.Expired, ErrorCode: "demo.unknown_payment", ErrorMessage: "The demo gateway has no such payment (it forgets open payments on restart)."),
        { Status: DemoPaymentStatus.Paid } p => new GatewayResult(GatewayOutcome.Succeeded, $"demo_ord_{attemptId:N}", p.TransactionId, p.Amount),
        { Status: DemoPaymentStatus.Declined } => GatewayResult.Fail("demo.declined", "Declined on the demo payment page."),
        _ => new GatewayResult(GatewayOutcome.RequiresCustomerAction, $"demo_ord_{attemptId:N}", RedirectUrl: $"/pay/demo/{attemptId:D}"),
    };

    public Task<WebhookVerification> VerifyWebhookAsync(GatewayAccountConfig account, InboundWebhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(webhook);
        var secret = account.Get(SecretKey);
        var header = webhook.Header(DemoSignature.Header);
        if (secret is null || header is null)
        {
            return Task.FromResult(WebhookVerification.Invalid("missing signature"));
        }

        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || !parts.TryGetValue("v1", out var v1))
        {
            return Task.FromResult(WebhookVerification.Invalid("malformed signature"));
        }

        var expected = DemoSignature.Sign(secret, unix, webhook.Body);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes($"t={t},v1={v1}")))
        {
            return Task.FromResult(WebhookVerification.Invalid("signature mismatch"));
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(unix);
        if (age.Duration() > DemoSignature.Tolerance)
        {
            return Task.FromResult(WebhookVerification.Invalid("timestamp outside the tolerance (replay)"));
        }

        try
        {
            using var json = JsonDocument.Parse(webhook.Body);
            return Task.FromResult(WebhookVerification.Valid(json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("type").GetString()!));
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Task.FromResult(WebhookVerification.Invalid("unreadable body"));
        }
    }

    public Task<GatewayEventOutcome> InterpretEventAsync(GatewayAccountConfig account, StoredGatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        using var json = JsonDocument.Parse(gatewayEvent.Body);
        if (!Guid.TryParse(json.RootElement.GetProperty("attempt_id").GetString(), out var attemptId) || state.Find(attemptId) is null)
        {
            return Task.FromResult(GatewayEventOutcome.Ignore("The demo gateway has no such payment."));
        }

        // Like a real adapter: the state is re-read from the gateway, not trusted from the body.
        return Task.FromResult(GatewayEventOutcome.ForPayment(attemptId, Read(attemptId)));
    }

    public Task<GatewayResult> RefundAsync(GatewayAccountConfig account, GatewayRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(new GatewayResult(GatewayOutcome.Succeeded, TransactionId: $"demo_re_{request.RefundId:N}", Amount: request.Amount));
    }

    public Task<GatewayResult> ChargeSavedMethodAsync(GatewayAccountConfig account, SavedMethodCharge request, CancellationToken cancellationToken) =>
        Task.FromResult(GatewayResult.Fail("demo.no_saved_methods", "The demo gateway does not save payment methods."));

    public Task<GatewayResult> TestConnectionAsync(GatewayAccountConfig account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Task.FromResult(account.Get(SecretKey) is null
            ? GatewayResult.Fail("demo.no_secret", "The webhook signing secret is not set.")
            : new GatewayResult(GatewayOutcome.Succeeded));
    }
}
