using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace GameHost.Tests.TestSupport;

/// <summary>What a <see cref="FakeStripe"/> route does instead of (or after) its normal work.</summary>
public enum FakeStripeFaultKind
{
    /// <summary>Answer a Stripe error envelope; nothing happens.</summary>
    Error = 1,

    /// <summary>Answer 429 with <c>Retry-After</c>; nothing happens.</summary>
    RateLimited = 2,

    /// <summary>Close the connection without an answer; nothing happens.</summary>
    Drop = 3,

    /// <summary>Wait (past the client's timeout), then close; nothing happens.</summary>
    Hang = 4,

    /// <summary>Do the work and store it under the idempotency key, then answer 500.</summary>
    CommitThenServerError = 5,

    /// <summary>Do the work and store it, then close the connection.</summary>
    CommitThenDrop = 6,

    /// <summary>Do the work and store it, then wait past the client's timeout before answering.</summary>
    CommitThenHang = 7,
}

public sealed record FakeStripeFault(
    FakeStripeFaultKind Kind,
    int Status = 0,
    string? Type = null,
    string? Code = null,
    string? DeclineCode = null,
    string? Message = null,
    int RetryAfterSeconds = 0,
    TimeSpan? Delay = null)
{
    public static FakeStripeFault Error(int status, string type, string? code = null, string? message = null) =>
        new(FakeStripeFaultKind.Error, status, type, code, null, message ?? $"Injected {status} {type}.");

    public static FakeStripeFault ServerError(int status = 500) => Error(status, "api_error", message: "An unknown error occurred.");

    public static FakeStripeFault TooManyRequests(int retryAfterSeconds) =>
        new(FakeStripeFaultKind.RateLimited, 429, "invalid_request_error", "rate_limit", Message: "Too many requests.", RetryAfterSeconds: retryAfterSeconds);

    public static FakeStripeFault Drop() => new(FakeStripeFaultKind.Drop);

    public static FakeStripeFault Hang(TimeSpan delay) => new(FakeStripeFaultKind.Hang, Delay: delay);

    public static FakeStripeFault CommitThenServerError() => new(FakeStripeFaultKind.CommitThenServerError, 500);

    public static FakeStripeFault CommitThenDrop() => new(FakeStripeFaultKind.CommitThenDrop);

    public static FakeStripeFault CommitThenHang(TimeSpan delay) => new(FakeStripeFaultKind.CommitThenHang, Delay: delay);
}

/// <summary>
/// A stateful stand-in for the Stripe API as Stripe.net 53.1.0 uses it (contract §3, §6): Checkout Sessions,
/// PaymentIntents (off-session, with Stripe's test payment methods mapped to their outcomes), refunds, customers and
/// the balance. It parses form bodies with bracket keys, requires <c>Authorization: Bearer</c>, the pinned
/// <c>Stripe-Version</c> and an <c>Idempotency-Key</c> on every POST (first answer stored per key and replayed; the same
/// key with other parameters is a 400 <c>idempotency_error</c>), records every request, takes faults per route for
/// the next N calls, and signs webhook events with the endpoint secret on its own controllable clock. A minimal hosted
/// page (<c>/pay/{session}</c>) lets a browser pay or cancel a session.
/// </summary>
public sealed class FakeStripe : LoopbackHttpFake
{
    public const string ApiVersion = "2026-10-28.endive";
    public const string DefaultSecretKey = "sk_test_fake_stripe_key";
    public const string DefaultWebhookSecret = "whsec_test_fixture";

    public const string CreateSession = "POST /v1/checkout/sessions";
    public const string GetSession = "GET /v1/checkout/sessions/{id}";
    public const string CreateIntent = "POST /v1/payment_intents";
    public const string GetIntent = "GET /v1/payment_intents/{id}";
    public const string CreateRefund = "POST /v1/refunds";
    public const string GetRefund = "GET /v1/refunds/{id}";
    public const string CreateCustomer = "POST /v1/customers";
    public const string GetBalance = "GET /v1/balance";
    public const string ListRefunds = "GET /v1/refunds";
    public const string ListIntents = "GET /v1/payment_intents";
    public const string DetachMethod = "POST /v1/payment_methods/{id}/detach";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeStripeFault>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredAnswer> _idempotency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _intents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _refunds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _customers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _detached = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private int _sequence;

    private FakeStripe(TimeProvider clock) => Clock = clock;

    public TimeProvider Clock { get; }

    public string SecretKey { get; set; } = DefaultSecretKey;

    public string WebhookSecret { get; set; } = DefaultWebhookSecret;

    /// <summary>Where the hosted page posts its events after a payment (null: no automatic webhooks).</summary>
    public Uri? WebhookTarget { get; set; }

    /// <summary>Every event the hosted page delivered to <see cref="WebhookTarget"/>, with the status code it got back.</summary>
    public ConcurrentQueue<(string EventId, string Type, int Status)> Delivered { get; } = new();

    /// <summary>Serialise amounts as JSON strings instead of numbers (some proxies and older paths do).</summary>
    public bool AmountsAsStrings { get; set; }

    public ConcurrentQueue<FakeStripeRequest> Received { get; } = new();

    public IEnumerable<FakeStripeRequest> Posts => Received.Where(r => r.Method == "POST");

    public static async Task<FakeStripe> StartAsync(TimeProvider? clock = null)
    {
        var fake = new FakeStripe(clock ?? TimeProvider.System);
        await fake.ListenAsync();
        return fake;
    }

    /// <summary>The next <paramref name="times"/> calls to <paramref name="route"/> (e.g. <see cref="CreateIntent"/>) meet the fault.</summary>
    public void Inject(string route, FakeStripeFault fault, int times = 1)
    {
        var queue = _faults.GetOrAdd(route, _ => new ConcurrentQueue<FakeStripeFault>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(fault);
        }
    }

    public JsonObject? Session(string id) => _sessions.TryGetValue(id, out var s) ? (JsonObject)s.DeepClone() : null;

    public JsonObject? Intent(string id) => _intents.TryGetValue(id, out var pi) ? (JsonObject)pi.DeepClone() : null;

    public IReadOnlyCollection<JsonObject> Intents => _intents.Values.Select(i => (JsonObject)i.DeepClone()).ToList();

    public IReadOnlyCollection<JsonObject> Refunds => _refunds.Values.Select(r => (JsonObject)r.DeepClone()).ToList();

    /// <summary>Payment methods detached from their customer (<see cref="DetachMethod"/>).</summary>
    public IReadOnlyCollection<string> DetachedMethods => _detached.Keys.ToList();

    /// <summary>A PaymentIntent made outside GameHost's calls (another integration, a missed webhook's payment), created now on the fake clock.</summary>
    /// <returns>The PaymentIntent id.</returns>
    public string SeedIntent(long amount, string currency, string status = "succeeded", IReadOnlyDictionary<string, string>? metadata = null)
    {
        lock (_gate)
        {
            var data = new JsonObject();
            foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            {
                data[key] = value;
            }

            return NewIntent(amount, currency, null, "pm_card_visa", data, null, null, status)["id"]!.GetValue<string>();
        }
    }

    /// <summary>The buyer pays on the hosted page: a PaymentIntent is created and confirmed with the given method.</summary>
    /// <returns>The PaymentIntent id.</returns>
    public string CompleteSession(string sessionId, string paymentMethod = "pm_card_visa", string intentStatus = "succeeded")
    {
        lock (_gate)
        {
            var session = _sessions[sessionId];
            var customer = session["customer"]?.GetValue<string>();
            if (customer is null && session["customer_creation"]?.GetValue<string>() == "always")
            {
                customer = NewCustomer(session["customer_email"]?.GetValue<string>());
                session["customer"] = customer;
            }

            var intent = NewIntent(
                session["amount_total"]!.GetValue<long>(),
                session["currency"]!.GetValue<string>(),
                customer,
                paymentMethod,
                (JsonObject)session["_intent_metadata"]!.DeepClone(),
                session["_intent_description"]?.GetValue<string>(),
                session["_setup_future_usage"]?.GetValue<string>(),
                intentStatus);
            session["payment_intent"] = intent["id"]!.GetValue<string>();
            session["status"] = "complete";
            session["payment_status"] = intentStatus == "succeeded" ? "paid" : "unpaid";
            return intent["id"]!.GetValue<string>();
        }
    }

    public void ExpireSession(string sessionId)
    {
        lock (_gate)
        {
            _sessions[sessionId]["status"] = "expired";
        }
    }

    /// <summary>Moves a PaymentIntent (e.g. processing → succeeded), as Stripe does in the background.</summary>
    public void SetIntentStatus(string intentId, string status, string? errorCode = null, string? declineCode = null)
    {
        lock (_gate)
        {
            var intent = _intents[intentId];
            intent["status"] = status;
            if (status == "succeeded")
            {
                intent["amount_received"] = intent["amount"]!.GetValue<long>();
                intent["latest_charge"] ??= "ch_" + NextId();
                foreach (var session in _sessions.Values.Where(s => s["payment_intent"]?.GetValue<string>() == intentId))
                {
                    session["payment_status"] = "paid";
                }
            }

            intent["last_payment_error"] = errorCode is null
                ? null
                : new JsonObject { ["type"] = "card_error", ["code"] = errorCode, ["decline_code"] = declineCode, ["message"] = "Declined." };
        }
    }

    /// <summary>An event as Stripe would POST it, with <paramref name="dataObject"/> as <c>data.object</c>.</summary>
    public string BuildEvent(string type, JsonObject dataObject, string? apiVersion = null, string? eventId = null)
    {
        var evt = new JsonObject
        {
            ["id"] = eventId ?? "evt_" + NextId(),
            ["object"] = "event",
            ["api_version"] = apiVersion ?? ApiVersion,
            ["created"] = Clock.GetUtcNow().ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = Public(dataObject) },
        };
        return evt.ToJsonString();
    }

    /// <summary><c>Stripe-Signature</c> for <paramref name="payload"/>: <c>t=…,v1=…</c> (one v1 per secret, in order).</summary>
    public string Sign(string payload, DateTimeOffset? at = null, params string[] secrets)
    {
        var timestamp = (at ?? Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signatures = (secrets.Length == 0 ? [WebhookSecret] : secrets)
            .Select(secret => "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"))));
        return $"t={timestamp}," + string.Join(',', signatures);
    }

    /// <summary>POSTs a signed event to <paramref name="endpoint"/> as Stripe's webhook delivery does.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(Uri endpoint, string payload, string? signature = null)
    {
        using var client = new HttpClient();
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        content.Headers.ContentType!.CharSet = "utf-8";
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? Sign(payload));
        return await client.SendAsync(request);
    }

    protected override void Map(WebApplication app)
    {
        app.MapMethods("/v1/{**path}", ["GET", "POST", "DELETE"], HandleApiAsync);
        app.MapGet("/pay/{sessionId}", (string sessionId) => HostedPage(sessionId));
        app.MapPost("/pay/{sessionId}/{action}", HostedActionAsync);
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault)
    {
        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, ErrorAnswer(fault.StatusCode, fault.StatusCode >= 500 ? "api_error" : "invalid_request_error", null, null, fault.Description));
    }

    private async Task HandleApiAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
        var route = RouteOf(request.Method, request.Path);

        if (context.Request.Headers.Authorization.ToString() != "Bearer " + SecretKey)
        {
            await WriteAsync(context, ErrorAnswer(401, "invalid_request_error", null, null, "Invalid API Key provided."));
            return;
        }

        if (context.Request.Headers["Stripe-Version"].ToString() != ApiVersion)
        {
            await WriteAsync(context, ErrorAnswer(400, "invalid_request_error", "api_version_invalid", null, "Unexpected Stripe-Version."));
            return;
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (request.Method == "POST" && string.IsNullOrEmpty(key))
        {
            await WriteAsync(context, ErrorAnswer(400, "invalid_request_error", "idempotency_key_required", null, "This fake requires an Idempotency-Key on every POST."));
            return;
        }

        FakeStripeFault? fault = _faults.TryGetValue(route, out var queue) && queue.TryDequeue(out var f) ? f : null;
        switch (fault?.Kind)
        {
            case FakeStripeFaultKind.Error:
                await WriteAsync(context, ErrorAnswer(fault.Status, fault.Type!, fault.Code, fault.DeclineCode, fault.Message!));
                return;
            case FakeStripeFaultKind.RateLimited:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteAsync(context, ErrorAnswer(429, "invalid_request_error", "rate_limit", null, fault.Message!));
                return;
            case FakeStripeFaultKind.Drop:
                context.Abort();
                return;
            case FakeStripeFaultKind.Hang:
                await WaitAsync(fault.Delay!.Value, context);
                context.Abort();
                return;
        }

        Answer answer;
        if (request.Method == "POST")
        {
            lock (_gate)
            {
                if (_idempotency.TryGetValue(key, out var stored))
                {
                    answer = stored.Route == route && stored.Body == request.Body
                        ? stored.Answer with { Replayed = true }
                        : ErrorAnswer(400, "idempotency_error", null, null,
                            $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.");
                }
                else
                {
                    answer = Execute(route, request);
                    if (answer.Status is < 500)
                    {
                        _idempotency[key] = new StoredAnswer(route, request.Body, answer);
                    }
                }
            }
        }
        else
        {
            lock (_gate)
            {
                answer = Execute(route, request);
            }
        }

        switch (fault?.Kind)
        {
            case FakeStripeFaultKind.CommitThenServerError:
                await WriteAsync(context, ErrorAnswer(500, "api_error", null, null, "An unknown error occurred after the request was processed."));
                return;
            case FakeStripeFaultKind.CommitThenDrop:
                context.Abort();
                return;
            case FakeStripeFaultKind.CommitThenHang:
                await WaitAsync(fault.Delay!.Value, context);
                break;
        }

        await WriteAsync(context, answer);
    }

    private Answer Execute(string route, FakeStripeRequest request)
    {
        var form = request.Form();
        var id = request.Path.Split('/').Last();
        var expand = request.QueryValues("expand").Concat(form.Where(p => p.Key.StartsWith("expand[", StringComparison.Ordinal)).Select(p => p.Value.ToString())).ToList();
        switch (route)
        {
            case CreateSession:
                return CreateSessionAnswer(form);
            case GetSession:
                return _sessions.TryGetValue(id, out var session) ? Ok(Expand(session, expand)) : NotFound("checkout.session", id);
            case CreateIntent:
                return CreateIntentAnswer(form);
            case GetIntent:
                return _intents.TryGetValue(id, out var intent) ? Ok(Expand(intent, expand)) : NotFound("payment_intent", id);
            case CreateRefund:
                return CreateRefundAnswer(form);
            case GetRefund:
                return _refunds.TryGetValue(id, out var refund) ? Ok(refund) : NotFound("refund", id);
            case ListRefunds:
            {
                var intentFilter = request.QueryValues("payment_intent").FirstOrDefault();
                return ListAnswer("/v1/refunds", _refunds.Values.Where(r => intentFilter is null || r["payment_intent"]?.GetValue<string>() == intentFilter), request);
            }

            case ListIntents:
            {
                var gte = CreatedBound(request, "created[gte]");
                var lt = CreatedBound(request, "created[lt]");
                return ListAnswer("/v1/payment_intents", _intents.Values.Where(i =>
                {
                    var created = i["created"]!.GetValue<long>();
                    return (gte is null || created >= gte) && (lt is null || created < lt);
                }), request);
            }

            case DetachMethod:
            {
                var methodId = request.Path.Split('/')[3];
                if (!methodId.StartsWith("pm_", StringComparison.Ordinal))
                {
                    return NotFound("PaymentMethod", methodId);
                }

                if (!_detached.TryAdd(methodId, true))
                {
                    return ErrorAnswer(400, "invalid_request_error", "payment_method_unexpected_state", null,
                        "The payment method you provided is not attached to a customer so detachment is impossible.");
                }

                return Ok(new JsonObject { ["id"] = methodId, ["object"] = "payment_method", ["type"] = "card", ["customer"] = null, ["livemode"] = false });
            }
            case CreateCustomer:
            {
                var customerId = NewCustomer(Value(form, "email"));
                return Ok(_customers[customerId]);
            }

            case GetBalance:
                return Ok(new JsonObject
                {
                    ["object"] = "balance",
                    ["livemode"] = false,
                    ["available"] = new JsonArray(new JsonObject { ["amount"] = 0, ["currency"] = "zar" }),
                    ["pending"] = new JsonArray(),
                });
            default:
                return ErrorAnswer(404, "invalid_request_error", "resource_missing", null, $"Unrecognized request URL ({request.Method}: {request.Path}).");
        }
    }

    /// <summary>A Stripe list (<c>object: list</c>, <c>data</c>, <c>has_more</c>, <c>url</c>): newest first, <c>limit</c> (1–100, default 10), <c>starting_after</c>.</summary>
    private Answer ListAnswer(string url, IEnumerable<JsonObject> items, FakeStripeRequest request)
    {
        var ordered = items.OrderByDescending(i => i["created"]!.GetValue<long>()).ThenByDescending(i => i["id"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        var limit = int.TryParse(request.QueryValues("limit").FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 100) : 10;
        if (request.QueryValues("starting_after").FirstOrDefault() is { Length: > 0 } after)
        {
            var index = ordered.FindIndex(i => i["id"]!.GetValue<string>() == after);
            if (index < 0)
            {
                return ErrorAnswer(400, "invalid_request_error", "resource_missing", null, $"No such object: '{after}'");
            }

            ordered = ordered.Skip(index + 1).ToList();
        }

        var data = new JsonArray();
        foreach (var item in ordered.Take(limit))
        {
            data.Add(Public(item));
        }

        return new Answer(200, new JsonObject { ["object"] = "list", ["data"] = data, ["has_more"] = ordered.Count > limit, ["url"] = url });
    }

    private static long? CreatedBound(FakeStripeRequest request, string key) =>
        QueryHelpers.ParseQuery(request.Query).TryGetValue(key, out var value) && long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;

    private Answer CreateSessionAnswer(Dictionary<string, StringValues> form)
    {
        var mode = Value(form, "mode");
        var amount = Value(form, "line_items[0][price_data][unit_amount]");
        var currency = Value(form, "line_items[0][price_data][currency]");
        var quantity = Value(form, "line_items[0][quantity]") ?? "1";
        if (mode != "payment" || amount is null || currency is null || Value(form, "success_url") is null)
        {
            return ErrorAnswer(400, "invalid_request_error", "parameter_missing", null, "mode=payment, one priced line item and success_url are required.");
        }

        if (!long.TryParse(amount, NumberStyles.None, CultureInfo.InvariantCulture, out var unitAmount) || unitAmount <= 0 || currency.Any(char.IsUpper))
        {
            return ErrorAnswer(400, "invalid_request_error", "parameter_invalid_integer", null, $"Invalid integer: {amount}");
        }

        // Stripe: a session expires between 30 minutes and 24 hours after it is created.
        long? expiresAt = null;
        if (Value(form, "expires_at") is { } expiresText)
        {
            var now = Clock.GetUtcNow();
            if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                || expires < now.AddMinutes(30).ToUnixTimeSeconds() || expires > now.AddHours(24).ToUnixTimeSeconds())
            {
                return ErrorAnswer(400, "invalid_request_error", "parameter_invalid_integer", null,
                    "The `expires_at` timestamp must be at least 30 minutes and less than 24 hours from Checkout Session creation.");
            }

            expiresAt = expires;
        }

        var id = "cs_test_" + NextId();
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["amount_subtotal"] = unitAmount * long.Parse(quantity, CultureInfo.InvariantCulture),
            ["amount_total"] = unitAmount * long.Parse(quantity, CultureInfo.InvariantCulture),
            ["cancel_url"] = Value(form, "cancel_url"),
            ["client_reference_id"] = Value(form, "client_reference_id"),
            ["created"] = Clock.GetUtcNow().ToUnixTimeSeconds(),
            ["currency"] = currency,
            ["customer"] = Value(form, "customer"),
            ["customer_creation"] = Value(form, "customer_creation"),
            ["customer_email"] = Value(form, "customer_email"),
            ["expires_at"] = expiresAt ?? Clock.GetUtcNow().AddHours(24).ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["metadata"] = Bracketed(form, "metadata"),
            ["mode"] = mode,
            ["payment_intent"] = null,
            ["payment_status"] = "unpaid",
            ["status"] = "open",
            ["success_url"] = Value(form, "success_url"),
            ["ui_mode"] = "hosted",
            ["url"] = new Uri(BaseAddress, "/pay/" + id).ToString(),
            ["_intent_metadata"] = Bracketed(form, "payment_intent_data[metadata]"),
            ["_intent_description"] = Value(form, "payment_intent_data[description]"),
            ["_setup_future_usage"] = Value(form, "payment_intent_data[setup_future_usage]"),
        };
        _sessions[id] = session;
        return Ok(session);
    }

    private Answer CreateIntentAnswer(Dictionary<string, StringValues> form)
    {
        if (!long.TryParse(Value(form, "amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0
            || Value(form, "currency") is not { } currency)
        {
            return ErrorAnswer(400, "invalid_request_error", "parameter_invalid_integer", null, "amount and currency are required.");
        }

        var method = Value(form, "payment_method");
        var customer = Value(form, "customer");
        if (Value(form, "confirm") != "true" || method is null)
        {
            return ErrorAnswer(400, "invalid_request_error", "parameter_missing", null, "This fake only confirms at creation (confirm=true with a payment_method).");
        }

        if (customer is not null && !_customers.ContainsKey(customer) && !customer.StartsWith("cus_Test", StringComparison.Ordinal))
        {
            return ErrorAnswer(400, "invalid_request_error", "resource_missing", null, $"No such customer: '{customer}'");
        }

        var (status, errorCode, declineCode) = method switch
        {
            "pm_card_authenticationRequired" => ("requires_payment_method", "authentication_required", "authentication_required"),
            "pm_card_chargeDeclined" => ("requires_payment_method", "card_declined", "generic_decline"),
            "pm_card_chargeDeclinedInsufficientFunds" => ("requires_payment_method", "card_declined", "insufficient_funds"),
            "pm_card_processing" => ("processing", null, null),
            _ => ("succeeded", (string?)null, (string?)null),
        };
        var intent = NewIntent(amount, currency, customer, method, Bracketed(form, "metadata"), Value(form, "description"), Value(form, "setup_future_usage"), status);
        intent["off_session"] = Value(form, "off_session") == "true";
        if (errorCode is null)
        {
            return Ok(intent);
        }

        intent["last_payment_error"] = new JsonObject { ["type"] = "card_error", ["code"] = errorCode, ["decline_code"] = declineCode };
        var answer = ErrorAnswer(402, "card_error", errorCode, declineCode,
            errorCode == "authentication_required" ? "Your card was declined. This transaction requires authentication." : "Your card was declined.");
        answer.Body["error"]!["payment_intent"] = Public(intent);
        answer.Body["error"]!["payment_method"] = new JsonObject { ["id"] = method, ["object"] = "payment_method", ["type"] = "card" };
        return answer;
    }

    private Answer CreateRefundAnswer(Dictionary<string, StringValues> form)
    {
        var intentId = Value(form, "payment_intent");
        if (intentId is null || !_intents.TryGetValue(intentId, out var intent))
        {
            return ErrorAnswer(400, "invalid_request_error", "resource_missing", null, $"No such payment_intent: '{intentId}'");
        }

        if (intent["status"]!.GetValue<string>() != "succeeded")
        {
            return ErrorAnswer(400, "invalid_request_error", "charge_not_refundable", null, "This PaymentIntent has no successful charge to refund.");
        }

        var received = intent["amount_received"]!.GetValue<long>();
        var refunded = _refunds.Values.Where(r => r["payment_intent"]!.GetValue<string>() == intentId).Sum(r => r["amount"]!.GetValue<long>());
        var amount = Value(form, "amount") is { } a ? long.Parse(a, CultureInfo.InvariantCulture) : received - refunded;
        if (refunded >= received)
        {
            return ErrorAnswer(400, "invalid_request_error", "charge_already_refunded", null, "Charge has already been refunded.");
        }

        if (amount <= 0 || amount > received - refunded)
        {
            return ErrorAnswer(400, "invalid_request_error", "amount_too_large", null, "Refund amount is greater than the unrefunded amount.");
        }

        var id = "re_" + NextId();
        var refund = new JsonObject
        {
            ["id"] = id,
            ["object"] = "refund",
            ["amount"] = amount,
            ["charge"] = intent["latest_charge"]?.DeepClone(),
            ["created"] = Clock.GetUtcNow().ToUnixTimeSeconds(),
            ["currency"] = intent["currency"]!.DeepClone(),
            ["metadata"] = Bracketed(form, "metadata"),
            ["payment_intent"] = intentId,
            ["reason"] = Value(form, "reason"),
            ["status"] = "succeeded",
        };
        _refunds[id] = refund;
        return Ok(refund);
    }

    private JsonObject NewIntent(long amount, string currency, string? customer, string method, JsonObject metadata, string? description, string? setupFutureUsage, string status)
    {
        var id = "pi_" + NextId();
        var intent = new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_received"] = status == "succeeded" ? amount : 0,
            ["capture_method"] = "automatic_async",
            ["created"] = Clock.GetUtcNow().ToUnixTimeSeconds(),
            ["currency"] = currency,
            ["customer"] = customer,
            ["description"] = description,
            ["last_payment_error"] = null,
            ["latest_charge"] = status == "succeeded" ? "ch_" + NextId() : null,
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["payment_method"] = method,
            ["setup_future_usage"] = setupFutureUsage,
            ["status"] = status,
        };
        _intents[id] = intent;
        return intent;
    }

    private string NewCustomer(string? email)
    {
        var id = "cus_" + NextId();
        _customers[id] = new JsonObject { ["id"] = id, ["object"] = "customer", ["email"] = email, ["livemode"] = false };
        return id;
    }

    private JsonObject Expand(JsonObject source, IReadOnlyCollection<string> expand)
    {
        var copy = Public(source);
        if (expand.Contains("payment_intent") && copy["payment_intent"]?.GetValue<string>() is { } intentId && _intents.TryGetValue(intentId, out var intent))
        {
            copy["payment_intent"] = Expand(intent, expand.Where(e => e.StartsWith("payment_intent.", StringComparison.Ordinal)).Select(e => e["payment_intent.".Length..]).ToList());
        }

        if (expand.Contains("payment_method") && copy["payment_method"]?.GetValue<string>() is { } method)
        {
            copy["payment_method"] = new JsonObject
            {
                ["id"] = method,
                ["object"] = "payment_method",
                ["type"] = "card",
                ["card"] = new JsonObject { ["brand"] = "visa", ["last4"] = method == "pm_card_visa" ? "4242" : "0000", ["exp_month"] = 12, ["exp_year"] = 2034 },
            };
        }

        return copy;
    }

    /// <summary>A copy without the fake's private fields, amounts as strings when asked.</summary>
    private JsonObject Public(JsonObject source)
    {
        var copy = (JsonObject)source.DeepClone();
        foreach (var key in copy.Select(p => p.Key).Where(k => k.StartsWith('_')).ToList())
        {
            copy.Remove(key);
        }

        if (AmountsAsStrings)
        {
            foreach (var key in new[] { "amount", "amount_received", "amount_total", "amount_subtotal" })
            {
                if (copy[key] is JsonValue value && value.TryGetValue<long>(out var number))
                {
                    copy[key] = number.ToString(CultureInfo.InvariantCulture);
                }
            }
        }

        return copy;
    }

    private IResult HostedPage(string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return Results.NotFound();
        }

        var amount = session["amount_total"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
        var currency = session["currency"]!.GetValue<string>().ToUpperInvariant();
        var html = $"""
            <!DOCTYPE html><html><head><title>Fake Stripe Checkout</title></head><body>
            <h1>Fake Stripe Checkout</h1><p id="amount">{amount} {currency} (minor units)</p>
            <form method="post" action="/pay/{sessionId}/pay"><button id="pay" type="submit">Pay</button></form>
            <form method="post" action="/pay/{sessionId}/cancel"><button id="cancel" type="submit">Cancel</button></form>
            </body></html>
            """;
        return Results.Content(html, "text/html");
    }

    private async Task<IResult> HostedActionAsync(string sessionId, string action)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return Results.NotFound();
        }

        if (action == "cancel")
        {
            return Results.Redirect(session["cancel_url"]!.GetValue<string>());
        }

        var intentId = CompleteSession(sessionId);
        if (WebhookTarget is { } target)
        {
            foreach (var payload in new[] { BuildEvent("checkout.session.completed", _sessions[sessionId]), BuildEvent("payment_intent.succeeded", _intents[intentId]) })
            {
                using var response = await DeliverAsync(target, payload);
                var evt = JsonNode.Parse(payload)!;
                Delivered.Enqueue((evt["id"]!.GetValue<string>(), evt["type"]!.GetValue<string>(), (int)response.StatusCode));
            }
        }

        return Results.Redirect(session["success_url"]!.GetValue<string>().Replace("{CHECKOUT_SESSION_ID}", sessionId, StringComparison.Ordinal));
    }

    private async Task<FakeStripeRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new FakeStripeRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body);
        Received.Enqueue(request);
        return request;
    }

    private static string RouteOf(string method, string path)
    {
        var segments = path.TrimEnd('/').Split('/');
        var shape = segments.Length switch
        {
            5 when segments[2] == "checkout" => "/v1/checkout/sessions/{id}",
            5 when segments[2] == "payment_methods" && segments[4] == "detach" => "/v1/payment_methods/{id}/detach",
            4 when segments[2] != "checkout" => $"/v1/{segments[2]}/{{id}}",
            _ => path,
        };
        return $"{method} {shape}";
    }

    private static JsonObject Bracketed(Dictionary<string, StringValues> form, string prefix)
    {
        var result = new JsonObject();
        foreach (var (key, value) in form)
        {
            if (key.StartsWith(prefix + "[", StringComparison.Ordinal) && key.EndsWith(']'))
            {
                var name = key[(prefix.Length + 1)..^1];
                if (!name.Contains('['))
                {
                    result[name] = value.ToString();
                }
            }
        }

        return result;
    }

    private static string? Value(Dictionary<string, StringValues> form, string key) =>
        form.TryGetValue(key, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;

    private static async Task WaitAsync(TimeSpan delay, HttpContext context)
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string NextId() => "Fake" + Interlocked.Increment(ref _sequence).ToString("D6", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..8];

    private Answer Ok(JsonObject body) => new(200, Public(body));

    private static Answer NotFound(string what, string id) =>
        ErrorAnswer(404, "invalid_request_error", "resource_missing", null, $"No such {what}: '{id}'");

    private static Answer ErrorAnswer(int status, string type, string? code, string? declineCode, string message)
    {
        var error = new JsonObject
        {
            ["type"] = type,
            ["message"] = message,
            ["request_log_url"] = "https://dashboard.stripe.com/test/logs/req_fake",
        };
        if (code is not null)
        {
            error["code"] = code;
        }

        if (declineCode is not null)
        {
            error["decline_code"] = declineCode;
        }

        return new Answer(status, new JsonObject { ["error"] = error });
    }

    private static Task WriteAsync(HttpContext context, Answer answer)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = answer.Status;
        context.Response.Headers["Request-Id"] = "req_" + Guid.NewGuid().ToString("N")[..14];
        context.Response.Headers["Stripe-Version"] = ApiVersion;
        if (answer.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(answer.Body.ToJsonString());
    }

    private sealed record Answer(int Status, JsonObject Body, bool Replayed = false);

    private sealed record StoredAnswer(string Route, string Body, Answer Answer);
}

/// <summary>One request as <see cref="FakeStripe"/> received it.</summary>
public sealed record FakeStripeRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public Dictionary<string, StringValues> Form() =>
        string.IsNullOrEmpty(Body) ? new Dictionary<string, StringValues>(StringComparer.Ordinal) : new Dictionary<string, StringValues>(QueryHelpers.ParseQuery(Body), StringComparer.Ordinal);

    public string? Field(string key) => Form().TryGetValue(key, out var value) ? value.ToString() : null;

    public IEnumerable<string> QueryValues(string name) =>
        QueryHelpers.ParseQuery(Query)
            .Where(p => p.Key == name || p.Key.StartsWith(name + "[", StringComparison.Ordinal))
            .SelectMany(p => p.Value.Select(v => v ?? ""));
}
