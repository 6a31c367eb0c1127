using System.Buffers;
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

    private const int MacBytes = 32;

    public static string Sign(string secret, long unixSeconds, byte[] body)
    {
        Span<byte> mac = stackalloc byte[MacBytes];
        Mac(secret, unixSeconds, body, mac);
        return $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Reads <c>t</c> and <c>v1</c> from a signature header; false when either is missing or malformed.</summary>
    public static bool TryParse(string header, out long unixSeconds, out ReadOnlySpan<char> v1)
    {
        ArgumentNullException.ThrowIfNull(header);
        unixSeconds = 0;
        v1 = default;
        bool hasTime = false, hasMac = false;
        foreach (var range in header.AsSpan().Split(','))
        {
            var part = header.AsSpan(range);
            var equals = part.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            var name = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (name.SequenceEqual("t"))
            {
                hasTime = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out unixSeconds);
            }
            else if (name.SequenceEqual("v1"))
            {
                v1 = value;
                hasMac = true;
            }
        }

        return hasTime && hasMac;
    }

    /// <summary>True when <paramref name="v1"/> is the hex HMAC of <paramref name="unixSeconds"/> and the body; the
    /// comparison takes the same time wherever the first difference is.</summary>
    public static bool Matches(string secret, long unixSeconds, byte[] body, ReadOnlySpan<char> v1)
    {
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(secret, unixSeconds, body, expected);
        Span<byte> given = stackalloc byte[MacBytes];
        return v1.Length == MacBytes * 2
            && Convert.FromHexString(v1, given, out _, out var written) == OperationStatus.Done
            && written == MacBytes
            && CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static void Mac(string secret, long unixSeconds, byte[] body, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        // The signed message is "{t}.{body}": built in one pooled buffer, the key on the stack when it is short.
        Span<byte> prefix = stackalloc byte[24];
        unixSeconds.TryFormat(prefix, out var digits, provider: CultureInfo.InvariantCulture);
        prefix[digits++] = (byte)'.';
        var message = ArrayPool<byte>.Shared.Rent(digits + body.Length);
        var keyLength = Encoding.UTF8.GetByteCount(secret);
        var key = keyLength <= 256 ? stackalloc byte[keyLength] : new byte[keyLength];
        try
        {
            prefix[..digits].CopyTo(message);
            body.CopyTo(message.AsSpan(digits));
            Encoding.UTF8.GetBytes(secret, key);
            HMACSHA256.HashData(key, message.AsSpan(0, digits + body.Length), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
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

        if (!DemoSignature.TryParse(header, out var unix, out var v1))
        {
            return Task.FromResult(WebhookVerification.Invalid("malformed signature"));
        }

        if (!DemoSignature.Matches(secret, unix, webhook.Body, v1))
        {
            return Task.FromResult(WebhookVerification.Invalid("signature mismatch"));
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(unix);
        if (age.Duration() > DemoSignature.Tolerance)
        {
            return Task.FromResult(WebhookVerification.Invalid("timestamp outside the tolerance (replay)"));
        }

        return Task.FromResult(ReadIdAndType(webhook.Body) is ({ } id, { } type) ? WebhookVerification.Valid(id, type) : WebhookVerification.Invalid("unreadable body"));
    }

    /// <summary>The event's top-level <c>id</c> and <c>type</c> strings, read without building a document; nulls when
    /// the body is not a JSON object or either is missing or not a string.</summary>
    private static (string? Id, string? Type) ReadIdAndType(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            string? id = null, type = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                var isType = !isId && reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.String)
                {
                    id = reader.GetString();
                }
                else if (isType && reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return reader.TokenType == JsonTokenType.EndObject ? (id, type) : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
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
