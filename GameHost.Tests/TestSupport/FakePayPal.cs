using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.TestSupport;

/// <summary>The PayPal routes the fake serves; faults are injected per route.</summary>
public enum PayPalRoute
{
    Token,
    CreateOrder,
    GetOrder,
    Capture,
    GetCapture,
    Refund,
    GetRefund,
    VerifyWebhook,
    ReportingTransactions,
}

public enum PayPalFaultKind
{
    /// <summary>Answer an error (status, PayPal envelope) without doing anything.</summary>
    Error,

    /// <summary>Close the connection in the middle of the answer, without doing anything.</summary>
    Drop,

    /// <summary>Answer nothing until the client gives up; nothing is done.</summary>
    Hang,

    /// <summary>Do the work (capture, refund, order), then fail as <see cref="PayPalFault.After"/> says.</summary>
    CommitThen,

    /// <summary>Capture route: the capture is made with this status (PENDING, DECLINED) instead of COMPLETED.</summary>
    CaptureStatus,

    /// <summary>Order lookup: answers a completed order as still APPROVED (PayPal's read side lagging behind).</summary>
    StaleApproved,
}

/// <summary>A scripted misbehaviour of the fake PayPal for one call on one route.</summary>
public sealed record PayPalFault(
    PayPalFaultKind Kind, int Status = 0, string? Name = null, string? Issue = null, int? RetryAfterSeconds = null,
    PayPalFault? After = null, string? CaptureStatus = null, string? Reason = null)
{
    public static PayPalFault Unprocessable(string issue) => new(PayPalFaultKind.Error, 422, "UNPROCESSABLE_ENTITY", issue);

    public static PayPalFault BadRequest(string issue) => new(PayPalFaultKind.Error, 400, "INVALID_REQUEST", issue);

    public static PayPalFault Forbidden() => new(PayPalFaultKind.Error, 403, "NOT_AUTHORIZED", "PERMISSION_DENIED");

    public static PayPalFault Unauthorized() => new(PayPalFaultKind.Error, 401, "AUTHENTICATION_FAILURE");

    public static PayPalFault TooManyRequests(int? retryAfterSeconds) => new(PayPalFaultKind.Error, 429, "RATE_LIMIT_REACHED", RetryAfterSeconds: retryAfterSeconds);

    public static PayPalFault ServerError() => new(PayPalFaultKind.Error, 500, "INTERNAL_SERVER_ERROR");

    public static PayPalFault Unavailable() => new(PayPalFaultKind.Error, 503, "SERVICE_UNAVAILABLE");

    public static PayPalFault Drop() => new(PayPalFaultKind.Drop);

    public static PayPalFault Hang() => new(PayPalFaultKind.Hang);

    public static PayPalFault CommitThen(PayPalFault after) => new(PayPalFaultKind.CommitThen, After: after);

    public static PayPalFault CaptureWithStatus(string status, string? reason = null) =>
        new(PayPalFaultKind.CaptureStatus, CaptureStatus: status, Reason: reason);

    public static PayPalFault StaleApproved() => new(PayPalFaultKind.StaleApproved);
}

/// <summary>A request as the fake received it.</summary>
public sealed record PayPalRecordedRequest(PayPalRoute? Route, string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
}

/// <summary>A webhook as PayPal would POST it: the body bytes and the six transmission headers.</summary>
public sealed record FakePayPalWebhook(string EventId, string EventType, byte[] Body, IReadOnlyDictionary<string, string> Headers);

public sealed class FakePayPalOrder
{
    public required string Id { get; init; }
    public required string Status { get; set; }
    public required string CurrencyCode { get; init; }
    public required string Value { get; init; }
    public string? CustomId { get; init; }
    public string? InvoiceId { get; init; }
    public string? Description { get; init; }
    public string? ReturnUrl { get; init; }
    public string? CancelUrl { get; init; }
    public bool Legacy { get; init; }
    public bool StoreInVault { get; init; }
    public string? VaultId { get; set; }
    public string? CustomerId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public List<string> CaptureIds { get; } = [];
}

public sealed class FakePayPalCapture
{
    public required string Id { get; init; }
    public required string OrderId { get; init; }
    public required string Status { get; set; }
    public string? Reason { get; set; }
    public required string CurrencyCode { get; init; }
    public required string Value { get; init; }
    public string? CustomId { get; init; }
    public string? InvoiceId { get; init; }
    public decimal Refunded { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class FakePayPalRefund
{
    public required string Id { get; init; }
    public required string CaptureId { get; init; }
    public required string Status { get; init; }
    public required string CurrencyCode { get; init; }
    public required string Value { get; init; }
    public decimal TotalRefunded { get; init; }
    public string? CustomId { get; init; }
    public string? NoteToPayer { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// A stateful stand-in for PayPal's REST API on a loopback port (payments contract §2 and §6): OAuth tokens with an
/// expiry on the fake clock, orders (PAYER_ACTION_REQUIRED/CREATED → APPROVED → COMPLETED), captures, refunds,
/// webhook verification, and the <c>PayPal-Request-Id</c> store (201 first, 200 replay with the first body). It records
/// every request, answers <c>PayPal-Mock-Response</c>, and misbehaves per route for the next N calls as a test says.
/// </summary>
public sealed partial class FakePayPal : LoopbackHttpFake
{
    public const string ClientId = "AfakeClientIdForTestsOnly";
    public const string ClientSecret = "EfakeClientSecretForTestsOnly";
    public const string WebhookId = "1JE4291016473214C";

    private static readonly string[] ZeroDecimalCurrencies = ["JPY", "HUF", "TWD"];

    private static readonly HashSet<string> Currencies = new(StringComparer.Ordinal)
    {
        "AUD", "BRL", "CAD", "CNY", "CZK", "DKK", "EUR", "HKD", "HUF", "ILS", "INR", "JPY", "MYR", "MXN", "TWD", "NZD",
        "NOK", "PHP", "PLN", "GBP", "SGD", "SEK", "CHF", "THB", "USD",
    };

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<PayPalRoute, ConcurrentQueue<PayPalFault>> _faults = new();
    private readonly Dictionary<(PayPalRoute, string), JsonNode> _replays = [];
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _sentWebhooks = new(StringComparer.Ordinal);
    private int _sequence;

    private FakePayPal(FakeTimeProvider clock) => Clock = clock;

    public FakeTimeProvider Clock { get; }

    public ConcurrentQueue<PayPalRecordedRequest> Received { get; } = new();

    public ConcurrentDictionary<string, FakePayPalOrder> Orders { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, FakePayPalCapture> Captures { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, FakePayPalRefund> Refunds { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> VaultTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Seconds a new token lives (PayPal: typically 32400).</summary>
    public int TokenLifetimeSeconds { get; set; } = 32400;

    /// <summary>Answer new orders the legacy way (status CREATED, an <c>approve</c> link) whatever the request says.</summary>
    public bool AnswerLegacy { get; set; }

    /// <summary>What verify-webhook-signature answers for a transmission the fake did not send itself.</summary>
    public string VerifyAnswer { get; set; } = "SUCCESS";

    /// <summary>
    /// Where the fake POSTs its webhooks as PayPal does, in the background: <c>CHECKOUT.ORDER.APPROVED</c> when the buyer
    /// approves on the hosted page, and a <c>PAYMENT.CAPTURE.*</c> event after each new capture. Null: none are sent.
    /// </summary>
    public Uri? WebhookTarget { get; set; }

    /// <summary>Every webhook the fake delivered to <see cref="WebhookTarget"/>, with the status code it got back (0: no answer).</summary>
    public ConcurrentQueue<(string EventId, string EventType, int Status)> Delivered { get; } = new();

    /// <summary>The payer id the hosted page appends to the return URL.</summary>
    public const string PayerId = "PAYERQ8Z4M2K7";

    public static async Task<FakePayPal> StartAsync(FakeTimeProvider? clock = null)
    {
        var fake = new FakePayPal(clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero)));
        await fake.ListenAsync();
        return fake;
    }

    public string BaseUrl => BaseAddress.ToString().TrimEnd('/');

    // ---- test controls ----

    /// <summary>The next <paramref name="times"/> calls to the route get this fault instead of (or around) their answer.</summary>
    public void Inject(PayPalRoute route, PayPalFault fault, int times = 1)
    {
        var queue = _faults.GetOrAdd(route, _ => new ConcurrentQueue<PayPalFault>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(fault);
        }
    }

    public IReadOnlyList<PayPalRecordedRequest> RequestsTo(PayPalRoute route) => Received.Where(r => r.Route == route).ToList();

    /// <summary>The buyer approves the order on PayPal's page.</summary>
    public void ApproveOrder(string orderId)
    {
        lock (_gate)
        {
            var order = Orders[orderId];
            Assert.Contains(order.Status, new[] { "CREATED", "PAYER_ACTION_REQUIRED", "APPROVED" });
            order.Status = "APPROVED";
        }
    }

    /// <summary>The order is captured at PayPal by another path (another request id, the dashboard).</summary>
    public string CaptureElsewhere(string orderId)
    {
        lock (_gate)
        {
            var order = Orders[orderId];
            Assert.Equal("APPROVED", order.Status);
            MakeCapture(order, "COMPLETED", null);
            return order.CaptureIds[^1];
        }
    }

    /// <summary>PayPal forgets the order (approval window over): lookups and captures answer 404.</summary>
    public void ExpireOrder(string orderId) => Orders.TryRemove(orderId, out _);

    /// <summary>A pending capture settles (or is denied) at PayPal.</summary>
    public void SetCaptureStatus(string captureId, string status, string? reason = null)
    {
        lock (_gate)
        {
            var capture = Captures[captureId];
            capture.Status = status;
            capture.Reason = reason;
        }
    }

    /// <summary>PayPal invalidates every token it issued (the next API call answers 401).</summary>
    public void RevokeTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>A webhook as PayPal would send it for the given resource, with the six transmission headers.</summary>
    public FakePayPalWebhook BuildWebhook(string eventType, string resourceType, JsonNode resource)
    {
        var eventId = "WH-" + NextId(17) + "-" + NextId(17);
        var envelope = new JsonObject
        {
            ["id"] = eventId,
            ["event_version"] = "1.0",
            ["create_time"] = Time(Clock.GetUtcNow()),
            ["resource_type"] = resourceType,
            ["resource_version"] = "2.0",
            ["event_type"] = eventType,
            ["summary"] = "Event " + eventType,
            ["resource"] = resource,
            ["links"] = new JsonArray(
                Link($"{BaseUrl}/v1/notifications/webhooks-events/{eventId}", "self", "GET"),
                Link($"{BaseUrl}/v1/notifications/webhooks-events/{eventId}/resend", "resend", "POST")),
        };

        // Indented with a trailing newline: verification must send these bytes back exactly as they came.
        var body = Encoding.UTF8.GetBytes(envelope.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var transmissionId = Guid.NewGuid().ToString();
        lock (_gate)
        {
            _sentWebhooks[transmissionId] = body;
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Content-Type"] = "application/json",
            ["PAYPAL-TRANSMISSION-ID"] = transmissionId,
            ["PAYPAL-TRANSMISSION-TIME"] = Time(Clock.GetUtcNow()),
            ["PAYPAL-TRANSMISSION-SIG"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("fake-signature-" + transmissionId)),
            ["PAYPAL-CERT-URL"] = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-00000000",
            ["PAYPAL-AUTH-ALGO"] = "SHA256withRSA",
            ["PAYPAL-AUTH-VERSION"] = "v2",
        };
        return new FakePayPalWebhook(eventId, eventType, body, headers);
    }

    public FakePayPalWebhook CaptureWebhook(string eventType, string captureId)
    {
        JsonNode resource;
        lock (_gate)
        {
            resource = CaptureJson(Captures[captureId]);
        }

        return BuildWebhook(eventType, "capture", resource);
    }

    public FakePayPalWebhook RefundWebhook(string refundId)
    {
        JsonNode resource;
        lock (_gate)
        {
            resource = RefundJson(Refunds[refundId]);
        }

        return BuildWebhook("PAYMENT.CAPTURE.REFUNDED", "refund", resource);
    }

    public FakePayPalWebhook OrderApprovedWebhook(string orderId)
    {
        JsonNode resource;
        lock (_gate)
        {
            resource = OrderJson(Orders[orderId], forGet: true);
        }

        return BuildWebhook("CHECKOUT.ORDER.APPROVED", "checkout-order", resource);
    }

    /// <summary>POSTs a webhook to <paramref name="endpoint"/> as PayPal delivers it: the exact bytes and the transmission headers.</summary>
    public static async Task<HttpResponseMessage> DeliverAsync(Uri endpoint, FakePayPalWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new ByteArrayContent(webhook.Body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        foreach (var (name, value) in webhook.Headers.Where(h => h.Key != "Content-Type"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    private void DeliverInBackground(Func<FakePayPalWebhook> build)
    {
        if (WebhookTarget is not { } target)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            var webhook = build();
            var status = 0;
            try
            {
                using var response = await DeliverAsync(target, webhook);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // PayPal would retry later; the product must still end right without it.
            }
            catch (TaskCanceledException)
            {
            }

            Delivered.Enqueue((webhook.EventId, webhook.EventType, status));
        });
    }

    // ---- the buyer's pages ----

    /// <summary>
    /// PayPal's approval page as the buyer's browser sees it (the <c>payer-action</c> / <c>approve</c> link): the order's
    /// amount and two buttons. Approving moves the order to APPROVED and sends the browser to the order's
    /// <c>return_url</c> with <c>token</c> and <c>PayerID</c> appended; cancelling to <c>cancel_url</c> with <c>token</c>.
    /// </summary>
    private async Task HostedPageAsync(HttpContext context, string method, string path)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (method == "GET" && path == "/checkoutnow")
        {
            var token = context.Request.Query["token"].ToString();
            if (!Orders.TryGetValue(token, out var order) || order.Status is not ("CREATED" or "PAYER_ACTION_REQUIRED" or "APPROVED"))
            {
                context.Response.StatusCode = 404;
                await WriteHtmlAsync(context, "<h1>Fake PayPal</h1><p id=\"gone\">This order is no longer available.</p>");
                return;
            }

            var id = Uri.EscapeDataString(order.Id);
            await WriteHtmlAsync(context, $"""
                <h1>Fake PayPal</h1>
                <p>Pay <strong id="amount">{System.Net.WebUtility.HtmlEncode(order.Value)} {order.CurrencyCode}</strong>
                   for <span id="description">{System.Net.WebUtility.HtmlEncode(order.Description ?? "")}</span></p>
                <p>Signed in as player.one@example.test</p>
                <form method="post" action="/checkoutnow/{id}/approve"><button id="approve" type="submit">Pay now</button></form>
                <form method="post" action="/checkoutnow/{id}/cancel"><button id="cancel" type="submit">Cancel and return</button></form>
                """);
            return;
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (method != "POST" || parts.Length != 3 || !Orders.TryGetValue(Uri.UnescapeDataString(parts[1]), out var target))
        {
            context.Response.StatusCode = 404;
            await WriteHtmlAsync(context, "<h1>Fake PayPal</h1><p>Not found.</p>");
            return;
        }

        string? back;
        switch (parts[2])
        {
            case "approve":
                lock (_gate)
                {
                    if (target.Status is "CREATED" or "PAYER_ACTION_REQUIRED")
                    {
                        target.Status = "APPROVED";
                    }
                }

                DeliverInBackground(() => OrderApprovedWebhook(target.Id));
                back = target.ReturnUrl is null ? null : Append(target.ReturnUrl, $"token={Uri.EscapeDataString(target.Id)}&PayerID={PayerId}");
                break;
            case "cancel":
                back = target.CancelUrl is null ? null : Append(target.CancelUrl, $"token={Uri.EscapeDataString(target.Id)}");
                break;
            default:
                context.Response.StatusCode = 404;
                return;
        }

        if (back is null)
        {
            // What PayPal does without a return_url: the buyer is stuck on an error page (contract §2.4).
            context.Response.StatusCode = 400;
            await WriteHtmlAsync(context, "<h1>Fake PayPal</h1><p id=\"no-return-url\">Things don't appear to be working at the moment.</p>");
            return;
        }

        context.Response.Redirect(back);
    }

    private static string Append(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;

    private static Task WriteHtmlAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"<!DOCTYPE html><html><head><title>Fake PayPal</title></head><body>{body}</body></html>");
    }

    // ---- HTTP ----

    protected override void Map(WebApplication app) => app.Run(HandleAsync);

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        WriteErrorAsync(context, fault.StatusCode, "INTERNAL_SERVER_ERROR", null, fault.Description, fault.RetryAfterSeconds);

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = Encoding.UTF8.GetString(buffer.ToArray());
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        if (path == "/checkoutnow" || path.StartsWith("/checkoutnow/", StringComparison.Ordinal))
        {
            await HostedPageAsync(context, method, path);
            return;
        }

        var (route, id) = Resolve(method, path);
        if (route == PayPalRoute.ReportingTransactions)
        {
            id = context.Request.QueryString.Value; // The listing's filters travel in the query.
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Received.Enqueue(new PayPalRecordedRequest(route, method, path, headers, body));
        if (route is null)
        {
            await WriteErrorAsync(context, 404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID", "Unknown route.", null);
            return;
        }

        PayPalFault? fault = null;
        if (_faults.TryGetValue(route.Value, out var queue))
        {
            queue.TryDequeue(out fault);
        }

        if (fault is not null && await ApplyPreFaultAsync(context, fault))
        {
            return;
        }

        if (route != PayPalRoute.Token && !Authorized(context))
        {
            await WriteErrorAsync(context, 401, "AUTHENTICATION_FAILURE", null,
                "Authentication failed due to invalid authentication credentials or a missing Authorization header.", null);
            return;
        }

        if (context.Request.Headers.TryGetValue("PayPal-Mock-Response", out var mock)
            && JsonNode.Parse(mock.ToString())?["mock_application_codes"]?.GetValue<string>() is { } mockIssue)
        {
            await WriteErrorAsync(context, 422, "UNPROCESSABLE_ENTITY", mockIssue, "Mocked by PayPal-Mock-Response.", null);
            return;
        }

        var requestId = context.Request.Headers["PayPal-Request-Id"].ToString();
        (int Status, JsonNode Body) answer;
        lock (_gate)
        {
            if (requestId.Length > 0 && _replays.TryGetValue((route.Value, requestId), out var first))
            {
                answer = (200, first.DeepClone());
            }
            else
            {
                answer = Handle(route.Value, id, body, headers, fault);
                if (requestId.Length > 0 && answer.Status is >= 200 and < 300 && route is PayPalRoute.CreateOrder or PayPalRoute.Capture or PayPalRoute.Refund)
                {
                    _replays[(route.Value, requestId)] = answer.Body.DeepClone();
                }
            }
        }

        if (route == PayPalRoute.Capture && answer.Status == 201
            && answer.Body["purchase_units"]?[0]?["payments"]?["captures"] is JsonArray { Count: > 0 } captures
            && captures[^1]?["id"]?.GetValue<string>() is { } newCapture)
        {
            // PayPal tells the webhook about a new capture on its own, whatever becomes of this answer.
            DeliverInBackground(() =>
            {
                var status = Captures[newCapture].Status;
                return CaptureWebhook(status switch
                {
                    "PENDING" => "PAYMENT.CAPTURE.PENDING",
                    "DECLINED" or "FAILED" => "PAYMENT.CAPTURE.DENIED",
                    _ => "PAYMENT.CAPTURE.COMPLETED",
                }, newCapture);
            });
        }

        if (fault is { Kind: PayPalFaultKind.CommitThen, After: { } after })
        {
            await ApplyPreFaultAsync(context, after);
            return;
        }

        context.Response.StatusCode = answer.Status;
        context.Response.Headers["Paypal-Debug-Id"] = "fake" + NextId(9).ToLowerInvariant();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body.ToJsonString());
    }

    /// <summary>Answers the fault if it replaces the normal answer; false when the request goes on.</summary>
    private static async Task<bool> ApplyPreFaultAsync(HttpContext context, PayPalFault fault)
    {
        switch (fault.Kind)
        {
            case PayPalFaultKind.Error:
                await WriteErrorAsync(context, fault.Status, fault.Name ?? "INTERNAL_SERVER_ERROR", fault.Issue, null, fault.RetryAfterSeconds);
                return true;
            case PayPalFaultKind.Drop:
                // Part of an answer, then the connection goes: the client cannot mistake it for a stale pooled
                // connection (which it would silently retry), exactly like a drop in the middle of PayPal's answer.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\":");
                await context.Response.Body.FlushAsync();
                context.Abort();
                return true;
            case PayPalFaultKind.Hang:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as intended.
                }

                context.Abort();
                return true;
            default:
                return false;
        }
    }

    private bool Authorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        lock (_gate)
        {
            return _tokens.TryGetValue(header["Bearer ".Length..], out var expires) && Clock.GetUtcNow() < expires;
        }
    }

    private static (PayPalRoute? Route, string? Id) Resolve(string method, string path)
    {
        if (method == "POST" && path == "/v1/oauth2/token") return (PayPalRoute.Token, null);
        if (method == "POST" && path == "/v2/checkout/orders") return (PayPalRoute.CreateOrder, null);
        if (method == "POST" && path == "/v1/notifications/verify-webhook-signature") return (PayPalRoute.VerifyWebhook, null);
        if (method == "GET" && path == "/v1/reporting/transactions") return (PayPalRoute.ReportingTransactions, null);
        var match = RoutePattern().Match(path);
        if (!match.Success) return (null, null);
        var id = Uri.UnescapeDataString(match.Groups["id"].Value);
        return (method, match.Groups["kind"].Value, match.Groups["action"].Value) switch
        {
            ("GET", "checkout/orders", "") => (PayPalRoute.GetOrder, id),
            ("POST", "checkout/orders", "/capture") => (PayPalRoute.Capture, id),
            ("GET", "payments/captures", "") => (PayPalRoute.GetCapture, id),
            ("POST", "payments/captures", "/refund") => (PayPalRoute.Refund, id),
            ("GET", "payments/refunds", "") => (PayPalRoute.GetRefund, id),
            _ => (null, null),
        };
    }

    [GeneratedRegex("^/v2/(?<kind>checkout/orders|payments/captures|payments/refunds)/(?<id>[^/]+)(?<action>/capture|/refund)?$")]
    private static partial Regex RoutePattern();

    private (int Status, JsonNode Body) Handle(PayPalRoute route, string? id, string body, Dictionary<string, string> headers, PayPalFault? fault) => route switch
    {
        PayPalRoute.Token => IssueToken(headers, body),
        PayPalRoute.CreateOrder => CreateOrder(body, headers, fault),
        PayPalRoute.GetOrder => Orders.TryGetValue(id!, out var order)
            ? (200, fault?.Kind == PayPalFaultKind.StaleApproved ? StaleApproved(order) : OrderJson(order, forGet: true))
            : NotFound(),
        PayPalRoute.Capture => Capture(id!, fault),
        PayPalRoute.GetCapture => Captures.TryGetValue(id!, out var capture) ? (200, CaptureJson(capture)) : NotFound(),
        PayPalRoute.Refund => Refund(id!, body),
        PayPalRoute.GetRefund => Refunds.TryGetValue(id!, out var refund) ? (200, RefundJson(refund)) : NotFound(),
        PayPalRoute.VerifyWebhook => Verify(body),
        PayPalRoute.ReportingTransactions => ReportingTransactions(id ?? ""),
        _ => NotFound(),
    };

    /// <summary>
    /// <c>GET /v1/reporting/transactions</c> as PayPal's Transaction Search answers it, minimal fields: completed captures
    /// as <c>T0006</c> (status <c>S</c>) and refunds as <c>T1107</c> (negative), by <c>transaction_initiation_date</c> in
    /// [start_date, end_date], paged by <c>page_size</c>/<c>page</c>. The range may not exceed 31 days.
    /// </summary>
    private (int, JsonNode) ReportingTransactions(string query)
    {
        var q = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        if (!q.TryGetValue("start_date", out var startText) || !q.TryGetValue("end_date", out var endText)
            || !DateTimeOffset.TryParse(startText.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            || !DateTimeOffset.TryParse(endText.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end)
            || end < start || end - start > TimeSpan.FromDays(31))
        {
            return (400, new JsonObject
            {
                ["name"] = "INVALID_REQUEST", ["message"] = "Request is not well-formed, syntactically incorrect, or violates schema.", ["debug_id"] = "fake" + NextId(9).ToLowerInvariant(),
                ["details"] = new JsonArray(new JsonObject { ["field"] = "start_date", ["issue"] = "INVALID_DATE_RANGE" }),
            });
        }

        var pageSize = q.TryGetValue("page_size", out var sizeText) && int.TryParse(sizeText.ToString(), CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 1, 500) : 100;
        var page = q.TryGetValue("page", out var pageText) && int.TryParse(pageText.ToString(), CultureInfo.InvariantCulture, out var p) ? Math.Max(1, p) : 1;
        var items = new List<(DateTimeOffset At, JsonObject Info)>();
        foreach (var capture in Captures.Values.Where(c => c.Status is "COMPLETED" or "PARTIALLY_REFUNDED" or "REFUNDED"))
        {
            items.Add((capture.CreatedAt, new JsonObject
            {
                ["transaction_id"] = capture.Id,
                ["transaction_event_code"] = "T0006",
                ["transaction_initiation_date"] = ReportTime(capture.CreatedAt),
                ["transaction_updated_date"] = ReportTime(capture.CreatedAt),
                ["transaction_amount"] = new JsonObject { ["currency_code"] = capture.CurrencyCode, ["value"] = capture.Value },
                ["transaction_status"] = "S",
                ["custom_field"] = capture.CustomId,
            }));
        }

        foreach (var refund in Refunds.Values)
        {
            items.Add((refund.CreatedAt, new JsonObject
            {
                ["transaction_id"] = refund.Id,
                ["paypal_reference_id"] = refund.CaptureId,
                ["paypal_reference_id_type"] = "TXN",
                ["transaction_event_code"] = "T1107",
                ["transaction_initiation_date"] = ReportTime(refund.CreatedAt),
                ["transaction_updated_date"] = ReportTime(refund.CreatedAt),
                ["transaction_amount"] = new JsonObject { ["currency_code"] = refund.CurrencyCode, ["value"] = "-" + refund.Value },
                ["transaction_status"] = "S",
            }));
        }

        var inRange = items.Where(i => i.At >= start && i.At <= end).OrderBy(i => i.At).ToList();
        var totalPages = Math.Max(1, (inRange.Count + pageSize - 1) / pageSize);
        var details = new JsonArray();
        foreach (var item in inRange.Skip((page - 1) * pageSize).Take(pageSize))
        {
            details.Add(new JsonObject { ["transaction_info"] = item.Info });
        }

        return (200, new JsonObject
        {
            ["transaction_details"] = details,
            ["account_number"] = "FAKEMERCHANT01",
            ["start_date"] = ReportTime(start),
            ["end_date"] = ReportTime(end),
            ["last_refreshed_datetime"] = ReportTime(Clock.GetUtcNow()),
            ["page"] = page,
            ["total_items"] = inRange.Count,
            ["total_pages"] = totalPages,
        });
    }

    /// <summary>Transaction Search writes offsets without a colon: <c>2026-11-26T10:00:00+0000</c>.</summary>
    private static string ReportTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0000";

    private (int, JsonNode) IssueToken(Dictionary<string, string> headers, string body)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + ClientSecret));
        if (!headers.TryGetValue("Authorization", out var auth) || auth != expected)
        {
            return (401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Client Authentication failed" });
        }

        if (body != "grant_type=client_credentials")
        {
            return (400, new JsonObject { ["error"] = "unsupported_grant_type", ["error_description"] = "Grant Type is NULL" });
        }

        var token = "A21AAFake" + NextId(40);
        _tokens[token] = Clock.GetUtcNow().AddSeconds(TokenLifetimeSeconds);
        return (200, new JsonObject
        {
            ["scope"] = "https://uri.paypal.com/services/payments/payment/authcapture https://uri.paypal.com/services/payments/refund",
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["app_id"] = "APP-80W284485P519543T",
            ["expires_in"] = TokenLifetimeSeconds,
            ["nonce"] = Time(Clock.GetUtcNow()) + "FakeNonce",
        });
    }

    private (int, JsonNode) CreateOrder(string body, Dictionary<string, string> headers, PayPalFault? fault)
    {
        JsonNode? request;
        try
        {
            request = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return Error(400, "INVALID_REQUEST", "MALFORMED_REQUEST_JSON");
        }

        if (request?["intent"]?.GetValue<string>() != "CAPTURE")
        {
            return Error(400, "INVALID_REQUEST", "INVALID_PARAMETER_VALUE");
        }

        if (request["purchase_units"] is not JsonArray { Count: 1 } units || units[0] is not JsonObject unit)
        {
            return Error(400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER");
        }

        if (AmountProblem(unit["amount"]) is { } problem)
        {
            return problem;
        }

        var paypal = request["payment_source"]?["paypal"];
        var vaultId = paypal?["vault_id"]?.GetValue<string>();
        if (vaultId is not null && !headers.ContainsKey("PayPal-Request-Id"))
        {
            return Error(400, "INVALID_REQUEST", "PAYPAL_REQUEST_ID_REQUIRED");
        }

        if (vaultId is not null && !VaultTokens.ContainsKey(vaultId))
        {
            return Error(422, "UNPROCESSABLE_ENTITY", "INVALID_RESOURCE_ID");
        }

        // invoice_id is unique per merchant account (contract §2.4).
        var invoiceId = unit["invoice_id"]?.GetValue<string>();
        if (invoiceId is not null && Orders.Values.Any(o => o.InvoiceId == invoiceId))
        {
            return Error(422, "UNPROCESSABLE_ENTITY", "DUPLICATE_INVOICE_ID");
        }

        var experience = paypal?["experience_context"];
        var legacy = request["application_context"];
        var order = new FakePayPalOrder
        {
            Id = NextId(17),
            Status = experience is null || AnswerLegacy ? "CREATED" : "PAYER_ACTION_REQUIRED",
            CurrencyCode = unit["amount"]!["currency_code"]!.GetValue<string>(),
            Value = unit["amount"]!["value"]!.GetValue<string>(),
            CustomId = unit["custom_id"]?.GetValue<string>(),
            InvoiceId = unit["invoice_id"]?.GetValue<string>(),
            Description = unit["description"]?.GetValue<string>(),
            ReturnUrl = (experience ?? legacy)?["return_url"]?.GetValue<string>(),
            CancelUrl = (experience ?? legacy)?["cancel_url"]?.GetValue<string>(),
            Legacy = experience is null || AnswerLegacy,
            StoreInVault = paypal?["attributes"]?["vault"]?["store_in_vault"]?.GetValue<string>() == "ON_SUCCESS",
            VaultId = vaultId,
            CustomerId = vaultId is null ? null : VaultTokens[vaultId],
            CreatedAt = Clock.GetUtcNow(),
        };
        Orders[order.Id] = order;
        if (vaultId is not null)
        {
            // A vault charge needs no buyer: the order is captured at once.
            order.Status = "APPROVED";
            MakeCapture(order, fault?.Kind == PayPalFaultKind.CaptureStatus ? fault.CaptureStatus! : "COMPLETED", fault?.Reason);
        }

        return (201, OrderJson(order, forGet: false));
    }

    private (int, JsonNode) Capture(string orderId, PayPalFault? fault)
    {
        if (!Orders.TryGetValue(orderId, out var order))
        {
            return NotFound();
        }

        switch (order.Status)
        {
            case "COMPLETED":
                return Error(422, "UNPROCESSABLE_ENTITY", "ORDER_ALREADY_CAPTURED");
            case "CREATED":
            case "PAYER_ACTION_REQUIRED":
                return Error(422, "UNPROCESSABLE_ENTITY", "ORDER_NOT_APPROVED");
        }

        var status = fault?.Kind == PayPalFaultKind.CaptureStatus ? fault.CaptureStatus! : "COMPLETED";
        MakeCapture(order, status, fault?.Reason);
        return (201, OrderJson(order, forGet: false));
    }

    private void MakeCapture(FakePayPalOrder order, string status, string? reason)
    {
        var capture = new FakePayPalCapture
        {
            Id = NextId(17),
            OrderId = order.Id,
            Status = status,
            Reason = reason,
            CurrencyCode = order.CurrencyCode,
            Value = order.Value,
            CustomId = order.CustomId,
            InvoiceId = order.InvoiceId,
            CreatedAt = Clock.GetUtcNow(),
        };
        Captures[capture.Id] = capture;
        order.CaptureIds.Add(capture.Id);
        order.Status = "COMPLETED";
        if (order.StoreInVault && status == "COMPLETED")
        {
            order.VaultId = "VT" + NextId(14);
            order.CustomerId = "CUST" + NextId(10);
            VaultTokens[order.VaultId] = order.CustomerId;
        }
    }

    private (int, JsonNode) Refund(string captureId, string body)
    {
        if (!Captures.TryGetValue(captureId, out var capture))
        {
            return NotFound();
        }

        var request = body.Length == 0 ? new JsonObject() : JsonNode.Parse(body) ?? new JsonObject();
        var total = Parse(capture.Value);
        var remaining = total - capture.Refunded;
        if (capture.Status == "REFUNDED" || remaining <= 0)
        {
            return Error(422, "UNPROCESSABLE_ENTITY", "CAPTURE_FULLY_REFUNDED");
        }

        if (capture.Status is not ("COMPLETED" or "PARTIALLY_REFUNDED"))
        {
            return Error(422, "UNPROCESSABLE_ENTITY", "REFUND_NOT_ALLOWED");
        }

        var amount = remaining;
        if (request["amount"] is { } requested)
        {
            if (AmountProblem(requested) is { } problem)
            {
                return problem;
            }

            if (requested["currency_code"]!.GetValue<string>() != capture.CurrencyCode)
            {
                return Error(422, "UNPROCESSABLE_ENTITY", "CURRENCY_MISMATCH");
            }

            amount = Parse(requested["value"]!.GetValue<string>());
            if (amount > remaining)
            {
                return Error(422, "UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED");
            }
        }

        capture.Refunded += amount;
        capture.Status = capture.Refunded == total ? "REFUNDED" : "PARTIALLY_REFUNDED";
        var refund = new FakePayPalRefund
        {
            Id = NextId(17),
            CaptureId = captureId,
            Status = "COMPLETED",
            CurrencyCode = capture.CurrencyCode,
            Value = Format(amount, capture.CurrencyCode),
            TotalRefunded = capture.Refunded,
            CustomId = request["custom_id"]?.GetValue<string>(),
            NoteToPayer = request["note_to_payer"]?.GetValue<string>(),
            CreatedAt = Clock.GetUtcNow(),
        };
        Refunds[refund.Id] = refund;
        return (201, RefundJson(refund));
    }

    private (int, JsonNode) Verify(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Error(400, "INVALID_REQUEST", "MALFORMED_REQUEST_JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            string[] required = ["transmission_id", "transmission_time", "cert_url", "auth_algo", "transmission_sig", "webhook_id"];
            if (required.Any(name => !root.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
                || !root.TryGetProperty("webhook_event", out var webhookEvent) || webhookEvent.ValueKind != JsonValueKind.Object)
            {
                return Error(400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER");
            }

            var status = VerifyAnswer;
            var transmissionId = root.GetProperty("transmission_id").GetString()!;
            if (root.GetProperty("webhook_id").GetString() != WebhookId)
            {
                status = "FAILURE";
            }
            else if (_sentWebhooks.TryGetValue(transmissionId, out var sent)
                     && webhookEvent.GetRawText() != Encoding.UTF8.GetString(sent).Trim())
            {
                // The signature covers the body as sent: anything but the same bytes fails.
                status = "FAILURE";
            }

            return (200, new JsonObject { ["verification_status"] = status });
        }
    }

    // ---- representations ----

    private JsonNode OrderJson(FakePayPalOrder order, bool forGet)
    {
        var unit = new JsonObject
        {
            ["reference_id"] = "default",
            ["amount"] = Amount(order.CurrencyCode, order.Value),
            ["payee"] = new JsonObject { ["email_address"] = "merchant@example.test", ["merchant_id"] = "MERCHANT7Q3X9" },
        };
        if (order.Description is not null) unit["description"] = order.Description;
        if (order.CustomId is not null) unit["custom_id"] = order.CustomId;
        if (order.InvoiceId is not null) unit["invoice_id"] = order.InvoiceId;
        if (order.CaptureIds.Count > 0)
        {
            unit["payments"] = new JsonObject { ["captures"] = new JsonArray(order.CaptureIds.Select(c => (JsonNode)CaptureJson(Captures[c])).ToArray()) };
        }

        var paypal = new JsonObject();
        if (order.Status is "APPROVED" or "COMPLETED")
        {
            paypal["email_address"] = "player.one@example.test";
            paypal["account_id"] = "PAYERQ8Z4M2K7";
        }

        if (order.VaultId is not null && order.Status == "COMPLETED")
        {
            paypal["attributes"] = new JsonObject
            {
                ["vault"] = new JsonObject
                {
                    ["id"] = order.VaultId,
                    ["status"] = "VAULTED",
                    ["customer"] = new JsonObject { ["id"] = order.CustomerId },
                },
            };
        }

        var links = new JsonArray(Link($"{BaseUrl}/v2/checkout/orders/{order.Id}", "self", "GET"));
        if (order.Status is "CREATED" or "PAYER_ACTION_REQUIRED" or "APPROVED")
        {
            var approval = $"{BaseUrl}/checkoutnow?token={order.Id}";
            links.Add(Link(approval, order.Legacy ? "approve" : "payer-action", "GET"));
            if (order.Legacy || forGet)
            {
                links.Add(Link($"{BaseUrl}/v2/checkout/orders/{order.Id}", "update", "PATCH"));
                links.Add(Link($"{BaseUrl}/v2/checkout/orders/{order.Id}/capture", "capture", "POST"));
            }
        }

        return new JsonObject
        {
            ["id"] = order.Id,
            ["intent"] = "CAPTURE",
            ["status"] = order.Status,
            ["payment_source"] = new JsonObject { ["paypal"] = paypal },
            ["purchase_units"] = new JsonArray(unit),
            ["create_time"] = Time(order.CreatedAt),
            ["links"] = links,
        };
    }

    private JsonNode StaleApproved(FakePayPalOrder order)
    {
        var json = OrderJson(order, forGet: true);
        json["status"] = "APPROVED";
        json["purchase_units"]![0]!.AsObject().Remove("payments");
        return json;
    }

    private JsonObject CaptureJson(FakePayPalCapture capture)
    {
        var json = new JsonObject
        {
            ["id"] = capture.Id,
            ["status"] = capture.Status,
            ["amount"] = Amount(capture.CurrencyCode, capture.Value),
            ["final_capture"] = true,
            ["seller_protection"] = new JsonObject { ["status"] = "NOT_ELIGIBLE" },
        };
        if (capture.Reason is not null)
        {
            json["status_details"] = new JsonObject { ["reason"] = capture.Reason };
        }

        if (capture.Status is "COMPLETED" or "PARTIALLY_REFUNDED" or "REFUNDED")
        {
            var gross = Parse(capture.Value);
            var digits = Digits(capture.CurrencyCode);
            var fee = decimal.Round(gross * 0.034m + (digits == 0 ? 49m : 0.49m), digits, MidpointRounding.AwayFromZero);
            json["seller_receivable_breakdown"] = new JsonObject
            {
                ["gross_amount"] = Amount(capture.CurrencyCode, capture.Value),
                ["paypal_fee"] = Amount(capture.CurrencyCode, Format(fee, capture.CurrencyCode)),
                ["net_amount"] = Amount(capture.CurrencyCode, Format(gross - fee, capture.CurrencyCode)),
            };
        }

        if (capture.InvoiceId is not null) json["invoice_id"] = capture.InvoiceId;
        if (capture.CustomId is not null) json["custom_id"] = capture.CustomId;
        json["supplementary_data"] = new JsonObject { ["related_ids"] = new JsonObject { ["order_id"] = capture.OrderId } };
        json["create_time"] = Time(capture.CreatedAt);
        json["update_time"] = Time(capture.CreatedAt);
        json["links"] = new JsonArray(
            Link($"{BaseUrl}/v2/payments/captures/{capture.Id}", "self", "GET"),
            Link($"{BaseUrl}/v2/payments/captures/{capture.Id}/refund", "refund", "POST"),
            Link($"{BaseUrl}/v2/checkout/orders/{capture.OrderId}", "up", "GET"));
        return json;
    }

    private JsonObject RefundJson(FakePayPalRefund refund)
    {
        var json = new JsonObject
        {
            ["id"] = refund.Id,
            ["status"] = refund.Status,
            ["amount"] = Amount(refund.CurrencyCode, refund.Value),
            ["seller_payable_breakdown"] = new JsonObject
            {
                ["gross_amount"] = Amount(refund.CurrencyCode, refund.Value),
                ["paypal_fee"] = Amount(refund.CurrencyCode, Format(0, refund.CurrencyCode)),
                ["net_amount"] = Amount(refund.CurrencyCode, refund.Value),
                ["total_refunded_amount"] = Amount(refund.CurrencyCode, Format(refund.TotalRefunded, refund.CurrencyCode)),
            },
            ["create_time"] = Time(refund.CreatedAt),
            ["update_time"] = Time(refund.CreatedAt),
            ["links"] = new JsonArray(
                Link($"{BaseUrl}/v2/payments/refunds/{refund.Id}", "self", "GET"),
                Link($"{BaseUrl}/v2/payments/captures/{refund.CaptureId}", "up", "GET")),
        };
        if (refund.CustomId is not null) json["custom_id"] = refund.CustomId;
        if (refund.NoteToPayer is not null) json["note_to_payer"] = refund.NoteToPayer;
        return json;
    }

    // ---- helpers ----

    private static (int, JsonNode)? AmountProblem(JsonNode? amount)
    {
        if (amount?["currency_code"] is not JsonValue codeValue || !codeValue.TryGetValue<string>(out var code))
        {
            return Error(400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER");
        }

        if (!Currencies.Contains(code))
        {
            return Error(422, "UNPROCESSABLE_ENTITY", "CURRENCY_NOT_SUPPORTED");
        }

        // PayPal wants the value as a string with the currency's exact decimals.
        if (amount["value"] is not JsonValue valueNode || !valueNode.TryGetValue<string>(out var value) || !AmountPattern().IsMatch(value))
        {
            return Error(400, "INVALID_REQUEST", "INVALID_PARAMETER_SYNTAX");
        }

        var decimals = value.Contains('.', StringComparison.Ordinal) ? value.Length - value.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        if (Digits(code) == 0 && decimals > 0)
        {
            return Error(400, "INVALID_REQUEST", "DECIMALS_NOT_SUPPORTED");
        }

        if (decimals != Digits(code))
        {
            return Error(400, "INVALID_REQUEST", "DECIMAL_PRECISION");
        }

        return Parse(value) <= 0 ? Error(422, "UNPROCESSABLE_ENTITY", "CANNOT_BE_ZERO_OR_NEGATIVE") : null;
    }

    [GeneratedRegex(@"^\d{1,10}(\.\d+)?$")]
    private static partial Regex AmountPattern();

    private static int Digits(string currency) => ZeroDecimalCurrencies.Contains(currency) ? 0 : 2;

    private static decimal Parse(string value) => decimal.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static string Format(decimal value, string currency) =>
        value.ToString("F" + Digits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static JsonObject Amount(string currency, string value) => new() { ["currency_code"] = currency, ["value"] = value };

    private static JsonObject Link(string href, string rel, string method) => new() { ["href"] = href, ["rel"] = rel, ["method"] = method };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static (int, JsonNode) NotFound() => Error(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID");

    private static (int, JsonNode) Error(int status, string name, string? issue) => (status, ErrorJson(name, issue, null));

    private static JsonObject ErrorJson(string name, string? issue, string? description)
    {
        var json = new JsonObject
        {
            ["name"] = name,
            ["message"] = description ?? name switch
            {
                "UNPROCESSABLE_ENTITY" => "The requested action could not be performed, semantically incorrect, or failed business validation.",
                "AUTHENTICATION_FAILURE" => "Authentication failed due to invalid authentication credentials or a missing Authorization header.",
                "RATE_LIMIT_REACHED" => "Too many requests. Blocked due to rate limiting.",
                "RESOURCE_NOT_FOUND" => "The specified resource does not exist.",
                _ => "An internal server error has occurred.",
            },
            ["debug_id"] = "fake" + Guid.NewGuid().ToString("N")[..9],
        };
        if (issue is not null)
        {
            json["details"] = new JsonArray(new JsonObject { ["issue"] = issue, ["description"] = "Fake PayPal: " + issue });
            json["links"] = new JsonArray(Link("https://developer.paypal.com/docs/api/orders/v2/#error-" + issue, "information_link", "GET"));
        }

        return json;
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string name, string? issue, string? description, int? retryAfter)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        var error = ErrorJson(name, issue, description);
        context.Response.Headers["Paypal-Debug-Id"] = error["debug_id"]!.GetValue<string>();
        await context.Response.WriteAsync(error.ToJsonString());
    }

    private string NextId(int length)
    {
        var n = Interlocked.Increment(ref _sequence);
        var text = n.ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N").ToUpperInvariant() + Guid.NewGuid().ToString("N").ToUpperInvariant();
        return text[..length];
    }
}
