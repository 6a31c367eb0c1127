using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Payments.Gateways.PayPal;

/// <summary>
/// PayPal over its REST API (Orders v2, Payments v2, Vault v3 charges, Webhooks v1), following the payments contract
/// §2: one order per attempt, the buyer sent to the <c>payer-action</c> (or legacy <c>approve</c>) link, capture on
/// return / webhook / reconciliation with the same <c>capture-{attemptId}</c> request id, credit only for a
/// <c>COMPLETED</c> capture. Every outside failure is mapped to a <see cref="GatewayResult"/> here; nothing throws
/// across the port for a PayPal problem. The adapter never touches the store.
/// </summary>
public sealed class PayPalGateway(
    PayPalApi api,
    IOptions<PayPalGatewayOptions> options,
    TimeProvider time,
    IStringLocalizer<PayPalText> text,
    ILogger<PayPalGateway> logger) : IPaymentGateway, IRefundLookup, ISettlementListing
{
    public const string GatewayCode = "paypal";

    private static readonly FrozenSet<string> PendingOrderStatuses =
        new[] { "CREATED", "PAYER_ACTION_REQUIRED", "SAVED" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>422 issues after which the buyer goes back to the same approval link to choose another funding source.</summary>
    private static readonly FrozenSet<string> BackToApprovalIssues =
        new[] { "INSTRUMENT_DECLINED", "PAYER_ACTION_REQUIRED" }.ToFrozenSet(StringComparer.Ordinal);

    public string Code => GatewayCode;

    public GatewayCapabilities Capabilities =>
        GatewayCapabilities.HostedCheckout | GatewayCapabilities.Refund | GatewayCapabilities.PartialRefund
        | GatewayCapabilities.SavedMethod | GatewayCapabilities.OffSessionCharge;

    public IReadOnlySet<string> SupportedCurrencies => PayPalAmounts.Offered;

    public IReadOnlyList<GatewaySettingField> SettingFields =>
    [
        new(PayPalSettings.ClientId, text["SettingClientId"], Secret: false, Required: true),
        new(PayPalSettings.ClientSecret, text["SettingClientSecret"], Secret: true, Required: true),
        new(PayPalSettings.WebhookId, text["SettingWebhookId"], Secret: false, Required: true),
        new(PayPalSettings.BaseUrl, text["SettingBaseUrl"], Secret: false, Required: false, PayPalSettings.SandboxBaseUrl),
        new(PayPalSettings.BrandName, text["SettingBrandName"], Secret: false, Required: false),
    ];

    public static string OrderRequestId(Guid attemptId) => "order-" + Id(attemptId);

    public static string CaptureRequestId(Guid attemptId) => "capture-" + Id(attemptId);

    public static string RefundRequestId(Guid refundId) => "refund-" + Id(refundId);

    public static string ChargeRequestId(Guid attemptId) => "charge-" + Id(attemptId);

    public async Task<GatewayResult> StartCheckoutAsync(GatewayAccountConfig account, CheckoutRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        if (AmountFailure(request.Amount) is { } invalid)
        {
            return invalid;
        }

        var experience = new JsonObject
        {
            ["shipping_preference"] = "NO_SHIPPING",
            ["user_action"] = "PAY_NOW",
            ["return_url"] = request.ReturnUrl,
            ["cancel_url"] = request.CancelUrl,
        };
        if (account.Get(PayPalSettings.BrandName) is { } brand)
        {
            experience["brand_name"] = Truncate(brand, 127);
        }

        var paypal = new JsonObject { ["experience_context"] = experience };
        if (request.SaveMethod)
        {
            paypal["attributes"] = new JsonObject
            {
                ["vault"] = new JsonObject { ["store_in_vault"] = "ON_SUCCESS", ["usage_type"] = "MERCHANT" },
            };
        }

        var body = new JsonObject
        {
            ["intent"] = "CAPTURE",
            ["purchase_units"] = new JsonArray(PurchaseUnit(request.AttemptId, request.Reference, request.Description, request.Amount)),
            ["payment_source"] = new JsonObject { ["paypal"] = paypal },
        };

        var answer = await api.SendAsync(account, HttpMethod.Post, "v2/checkout/orders", body.ToJsonString(), OrderRequestId(request.AttemptId), cancellationToken);
        if (!answer.IsSuccess)
        {
            return FromFailure(answer, orderId: null);
        }

        var orderId = PayPalApi.Str(answer.Body, "id");
        var link = ApprovalLink(answer.Body);
        if (orderId is null)
        {
            return Unexpected(answer, "PayPal created an order without an id.");
        }

        if (link is null)
        {
            return new GatewayResult(GatewayOutcome.Failed, orderId, ErrorCode: PayPalErrorCodes.NoApprovalLink,
                ErrorMessage: "PayPal's order carries no approval link.", DebugId: answer.DebugId, RawBody: answer.Raw);
        }

        return new GatewayResult(GatewayOutcome.RequiresCustomerAction, orderId, RedirectUrl: link, Amount: request.Amount,
            DebugId: answer.DebugId, RawBody: answer.Raw);
    }

    public async Task<GatewayResult> ConfirmAsync(GatewayAccountConfig account, AttemptSnapshot attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.GatewayReference is not { Length: > 0 } orderId)
        {
            // No order id was ever learned (the create call's answer was lost). The buyer never got a link, so past the
            // approval window nothing can complete; before it, the caller retries the create with the same request id.
            return IsPastApprovalWindow(attempt.CreatedAtUtc)
                ? new GatewayResult(GatewayOutcome.Expired, ErrorMessage: "No PayPal order was created in time for this attempt.")
                : GatewayResult.Unknown("No PayPal order is known for this attempt yet.");
        }

        return await ConfirmOrderAsync(account, orderId, attempt.AttemptId, attempt.CreatedAtUtc, cancellationToken);
    }

    public async Task<WebhookVerification> VerifyWebhookAsync(GatewayAccountConfig account, InboundWebhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(webhook);
        string? eventId;
        string? eventType;
        try
        {
            using var document = JsonDocument.Parse(webhook.Body);
            eventId = PayPalApi.Str(document.RootElement, "id");
            eventType = PayPalApi.Str(document.RootElement, "event_type");
        }
        catch (JsonException)
        {
            return WebhookVerification.Invalid("The body is not JSON.");
        }

        if (eventId is null || eventType is null)
        {
            return WebhookVerification.Invalid("The body has no event id or event type.");
        }

        var transmissionId = webhook.Header("PAYPAL-TRANSMISSION-ID");
        var transmissionTime = webhook.Header("PAYPAL-TRANSMISSION-TIME");
        var signature = webhook.Header("PAYPAL-TRANSMISSION-SIG");
        var certUrl = webhook.Header("PAYPAL-CERT-URL");
        var algorithm = webhook.Header("PAYPAL-AUTH-ALGO");
        if (string.IsNullOrEmpty(transmissionId) || string.IsNullOrEmpty(transmissionTime) || string.IsNullOrEmpty(signature)
            || string.IsNullOrEmpty(certUrl) || string.IsNullOrEmpty(algorithm))
        {
            return WebhookVerification.Invalid("A PayPal transmission header is missing.");
        }

        if (account.Get(PayPalSettings.WebhookId) is not { } webhookId)
        {
            return WebhookVerification.CouldNotVerify("The PayPal webhook id is not configured for this account.");
        }

        // The event goes back byte for byte: re-serialising it through a model reorders or drops fields and fails.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("transmission_id", transmissionId);
            writer.WriteString("transmission_time", transmissionTime);
            writer.WriteString("cert_url", certUrl);
            writer.WriteString("auth_algo", algorithm);
            writer.WriteString("transmission_sig", signature);
            writer.WriteString("webhook_id", webhookId);
            writer.WritePropertyName("webhook_event");
            writer.WriteRawValue(webhook.Body, skipInputValidation: true);
            writer.WriteEndObject();
        }

        var answer = await api.SendAsync(account, HttpMethod.Post, "v1/notifications/verify-webhook-signature",
            Encoding.UTF8.GetString(buffer.ToArray()), requestId: null, cancellationToken);
        if (!answer.IsSuccess)
        {
            return WebhookVerification.CouldNotVerify($"PayPal's verification call failed ({answer.Code}): {answer.Message}");
        }

        var status = PayPalApi.Str(answer.Body, "verification_status");
        if (string.Equals(status, "SUCCESS", StringComparison.Ordinal))
        {
            return WebhookVerification.Valid(eventId, eventType);
        }

        if (string.Equals(status, "FAILURE", StringComparison.Ordinal))
        {
            logger.LogWarning("PayPal webhook {EventId} ({EventType}) failed signature verification", eventId, eventType);
            return WebhookVerification.Invalid("PayPal says the signature does not verify.");
        }

        return WebhookVerification.CouldNotVerify($"PayPal's verification call answered '{status}'.");
    }

    public async Task<GatewayEventOutcome> InterpretEventAsync(GatewayAccountConfig account, StoredGatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        JsonElement resource;
        string? eventType;
        try
        {
            using var document = JsonDocument.Parse(gatewayEvent.Body);
            eventType = PayPalApi.Str(document.RootElement, "event_type");
            resource = document.RootElement.TryGetProperty("resource", out var r) ? r.Clone() : default;
        }
        catch (JsonException)
        {
            return GatewayEventOutcome.Ignore("The stored body is not JSON.");
        }

        if (resource.ValueKind != JsonValueKind.Object || PayPalApi.Str(resource, "id") is not { } resourceId)
        {
            return GatewayEventOutcome.Ignore($"The {eventType} event carries no resource id.");
        }

        switch (eventType)
        {
            case "PAYMENT.CAPTURE.COMPLETED":
            case "PAYMENT.CAPTURE.PENDING":
            case "PAYMENT.CAPTURE.DENIED":
                return await CaptureEventAsync(account, eventType, resourceId, resource, cancellationToken);
            case "PAYMENT.CAPTURE.REFUNDED":
                return await RefundEventAsync(account, resourceId, cancellationToken);
            case "CHECKOUT.ORDER.APPROVED":
                var orderAttempt = AttemptIdOf(FirstPurchaseUnit(resource));
                if (orderAttempt is null)
                {
                    return GatewayEventOutcome.Ignore($"Order {resourceId} carries no attempt id of ours (custom_id).");
                }

                return GatewayEventOutcome.ForPayment(orderAttempt.Value,
                    await ConfirmOrderAsync(account, resourceId, orderAttempt.Value, createdAtUtc: null, cancellationToken));
            default:
                return GatewayEventOutcome.Ignore($"PayPal event type {eventType} is not acted on.");
        }
    }

    public async Task<GatewayResult> RefundAsync(GatewayAccountConfig account, GatewayRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        if (AmountFailure(request.Amount) is { } invalid)
        {
            return invalid;
        }

        var body = new JsonObject
        {
            ["amount"] = AmountJson(request.Amount),
            ["custom_id"] = Id(request.RefundId),
        };
        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            body["note_to_payer"] = Truncate(request.Reason, 255);
        }

        var answer = await api.SendAsync(account, HttpMethod.Post, $"v2/payments/captures/{Uri.EscapeDataString(request.TransactionId)}/refund",
            body.ToJsonString(), RefundRequestId(request.RefundId), cancellationToken);
        return answer.IsSuccess
            ? MapRefund(answer.Body, request.TransactionId, answer)
            : FromFailure(answer, orderId: null) with { GatewayReference = request.TransactionId };
    }

    /// <summary>PayPal keeps a refund's <c>PayPal-Request-Id</c> this long (contract §2.7); older, a re-sent POST would be a new refund.</summary>
    public static readonly TimeSpan RefundRequestIdRetention = TimeSpan.FromDays(44);

    /// <summary>
    /// What became of a refund whose answer was lost: <c>GET /v2/payments/refunds/{id}</c> when an earlier answer gave the
    /// id; otherwise the refund POST is repeated with the same <c>PayPal-Request-Id</c> (<c>refund-{refundId}</c>), which
    /// PayPal answers with the first request's refund instead of making another (§2.7) — there is no other way to find a
    /// refund by our id. Past the key's retention nothing is sent: staff must check the dashboard.
    /// </summary>
    public async Task<GatewayResult> LookUpRefundAsync(GatewayAccountConfig account, RefundLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(lookup);
        if (!string.IsNullOrWhiteSpace(lookup.GatewayRefundId))
        {
            var read = await api.SendAsync(account, HttpMethod.Get, $"v2/payments/refunds/{Uri.EscapeDataString(lookup.GatewayRefundId)}", null, null, cancellationToken);
            if (read.IsSuccess)
            {
                return MapRefund(read.Body, lookup.TransactionId, read);
            }

            var failure = FromFailure(read, orderId: null);
            return failure.Outcome == GatewayOutcome.NotAttempted ? failure : GatewayResult.Unknown($"Refund {lookup.GatewayRefundId} could not be read: {failure.ErrorMessage}", read.DebugId);
        }

        if (time.GetUtcNow().UtcDateTime - lookup.RequestedAtUtc > RefundRequestIdRetention)
        {
            return GatewayResult.Unknown("The refund is older than PayPal keeps its request id: check it in the PayPal dashboard.");
        }

        return await RefundAsync(account, new GatewayRefundRequest(lookup.RefundId, lookup.TransactionId, lookup.Amount, lookup.Reason), cancellationToken);
    }

    /// <summary>
    /// The settlement check's listing (contract §1.5): <c>GET /v1/reporting/transactions</c> for the period
    /// (<c>fields=transaction_info</c>, paged by <c>page</c>/<c>total_pages</c>), keeping completed incoming payments
    /// (event codes <c>T00xx</c>, status <c>S</c>, a positive amount) by their transaction id, which is the capture id.
    /// </summary>
    public async Task<SettlementListing> ListSettledAsync(GatewayAccountConfig account, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var transactions = new List<SettledTransaction>();
        var from = Uri.EscapeDataString(fromUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(toUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        for (var page = 1; page <= 100; page++)
        {
            var answer = await api.SendAsync(account, HttpMethod.Get,
                $"v1/reporting/transactions?start_date={from}&end_date={to}&fields=transaction_info&page_size=500&page={page}", null, null, cancellationToken);
            if (!answer.IsSuccess)
            {
                return SettlementListing.Failed(FromFailure(answer, orderId: null).ErrorMessage ?? "PayPal's transactions could not be listed.");
            }

            if (answer.Body.ValueKind == JsonValueKind.Object && answer.Body.TryGetProperty("transaction_details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var detail in details.EnumerateArray())
                {
                    if (ReportedPayment(detail) is { } transaction)
                    {
                        transactions.Add(transaction);
                    }
                }
            }

            var totalPages = answer.Body.ValueKind == JsonValueKind.Object && answer.Body.TryGetProperty("total_pages", out var pages) && pages.TryGetInt32(out var n) ? n : 1;
            if (page >= totalPages)
            {
                return new SettlementListing(true, transactions, null);
            }
        }

        return SettlementListing.Failed("PayPal listed more than 100 pages of transactions for one day.");
    }

    private static SettledTransaction? ReportedPayment(JsonElement detail)
    {
        if (!detail.TryGetProperty("transaction_info", out var info) || info.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var id = PayPalApi.Str(info, "transaction_id");
        var code = PayPalApi.Str(info, "transaction_event_code") ?? "";
        if (id is null || !code.StartsWith("T00", StringComparison.Ordinal) || PayPalApi.Str(info, "transaction_status") != "S"
            || !info.TryGetProperty("transaction_amount", out var amountJson) || PayPalAmounts.ReadMoney(amountJson) is not { } amount || amount.Minor <= 0)
        {
            return null;
        }

        // PayPal writes offsets without a colon ("2026-11-26T10:00:00+0000"); ISO parsing wants "+00:00".
        var text = PayPalApi.Str(info, "transaction_initiation_date") ?? "";
        if (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit))
        {
            text = text[..^2] + ":" + text[^2..];
        }

        var at = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.UtcDateTime : DateTime.MinValue;
        return new SettledTransaction(id, amount, at, PayPalApi.Str(info, "custom_field"));
    }

    public async Task<GatewayResult> ChargeSavedMethodAsync(GatewayAccountConfig account, SavedMethodCharge request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        if (AmountFailure(request.Amount) is { } invalid)
        {
            return invalid;
        }

        var body = new JsonObject
        {
            ["intent"] = "CAPTURE",
            ["purchase_units"] = new JsonArray(PurchaseUnit(request.AttemptId, reference: null, request.Description, request.Amount)),
            ["payment_source"] = new JsonObject { ["paypal"] = new JsonObject { ["vault_id"] = request.MethodReference } },
        };
        var answer = await api.SendAsync(account, HttpMethod.Post, "v2/checkout/orders", body.ToJsonString(), ChargeRequestId(request.AttemptId), cancellationToken);
        if (!answer.IsSuccess)
        {
            return FromFailure(answer, orderId: null);
        }

        var orderId = PayPalApi.Str(answer.Body, "id");
        var status = PayPalApi.Str(answer.Body, "status");
        if (status == "COMPLETED")
        {
            return FromCompletedOrder(answer.Body, orderId, answer);
        }

        return ApprovalLink(answer.Body) is { } link
            ? new GatewayResult(GatewayOutcome.RequiresCustomerAction, orderId, RedirectUrl: link, DebugId: answer.DebugId, RawBody: answer.Raw)
            : Unexpected(answer, $"PayPal answered the saved-method charge with order status {status}.") with { GatewayReference = orderId };
    }

    public async Task<GatewayResult> TestConnectionAsync(GatewayAccountConfig account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var token = await api.TokenAsync(account, cancellationToken);
        if (token.Ok)
        {
            return new GatewayResult(GatewayOutcome.Succeeded);
        }

        return token.Reached
            ? GatewayResult.Fail(token.ErrorCode!, token.ErrorMessage!)
            : new GatewayResult(GatewayOutcome.NotAttempted, ErrorCode: token.ErrorCode, ErrorMessage: token.ErrorMessage);
    }

    // ---- order and capture ----

    private async Task<GatewayResult> ConfirmOrderAsync(
        GatewayAccountConfig account, string orderId, Guid attemptId, DateTime? createdAtUtc, CancellationToken cancellationToken)
    {
        var order = await api.SendAsync(account, HttpMethod.Get, $"v2/checkout/orders/{Uri.EscapeDataString(orderId)}", null, null, cancellationToken);
        if (!order.IsSuccess)
        {
            return FromFailure(order, orderId);
        }

        if (AttemptIdOf(FirstPurchaseUnit(order.Body)) is { } owner && owner != attemptId)
        {
            return GatewayResult.Fail(PayPalErrorCodes.UnexpectedAnswer, $"Order {orderId} belongs to another attempt.", order.DebugId) with { GatewayReference = orderId };
        }

        var status = PayPalApi.Str(order.Body, "status") ?? "";
        if (PendingOrderStatuses.Contains(status))
        {
            var created = createdAtUtc ?? CreateTime(order.Body);
            if (created is { } at && IsPastApprovalWindow(at))
            {
                return new GatewayResult(GatewayOutcome.Expired, orderId, ErrorMessage: "The buyer did not approve the PayPal order in time.", DebugId: order.DebugId);
            }

            return new GatewayResult(GatewayOutcome.RequiresCustomerAction, orderId, RedirectUrl: ApprovalLink(order.Body), DebugId: order.DebugId);
        }

        switch (status)
        {
            case "COMPLETED":
                return FromCompletedOrder(order.Body, orderId, order);
            case "VOIDED":
                return new GatewayResult(GatewayOutcome.Expired, orderId, ErrorCode: PayPalErrorCodes.OrderVoided, ErrorMessage: "PayPal voided the order.", DebugId: order.DebugId);
            case "APPROVED":
                break;
            default:
                return Unexpected(order, $"PayPal order {orderId} has status '{status}'.") with { GatewayReference = orderId };
        }

        var capture = await api.SendAsync(account, HttpMethod.Post, $"v2/checkout/orders/{Uri.EscapeDataString(orderId)}/capture", "{}",
            CaptureRequestId(attemptId), cancellationToken);
        if (capture.IsSuccess)
        {
            return FromCompletedOrder(capture.Body, orderId, capture);
        }

        if (capture is { Kind: PayPalAnswerKind.Error, Status: 422 })
        {
            switch (capture.Code)
            {
                case "ORDER_ALREADY_CAPTURED":
                    var again = await api.SendAsync(account, HttpMethod.Get, $"v2/checkout/orders/{Uri.EscapeDataString(orderId)}", null, null, cancellationToken);
                    if (!again.IsSuccess)
                    {
                        return FromFailure(again, orderId) is { Outcome: GatewayOutcome.Failed or GatewayOutcome.Expired } failure
                            ? GatewayResult.Unknown("The order was already captured but could not be read back: " + failure.ErrorMessage, again.DebugId) with { GatewayReference = orderId }
                            : FromFailure(again, orderId);
                    }

                    return PayPalApi.Str(again.Body, "status") == "COMPLETED"
                        ? FromCompletedOrder(again.Body, orderId, again)
                        : GatewayResult.Unknown("PayPal says the order was captured, but the order is not completed yet.", again.DebugId) with { GatewayReference = orderId };
                case "ORDER_NOT_APPROVED":
                    // Not a failure: the approval has not reached the capture side yet. The attempt stays open.
                    return new GatewayResult(GatewayOutcome.Pending, orderId, ErrorCode: capture.Code, ErrorMessage: capture.Message, DebugId: capture.DebugId, RawBody: capture.Raw);
                case { } issue when BackToApprovalIssues.Contains(issue):
                    var link = ApprovalLink(capture.Body) ?? ApprovalLink(order.Body);
                    return new GatewayResult(GatewayOutcome.RequiresCustomerAction, orderId, RedirectUrl: link, ErrorCode: issue,
                        ErrorMessage: capture.Message, DebugId: capture.DebugId, RawBody: capture.Raw);
            }
        }

        return FromFailure(capture, orderId);
    }

    private static GatewayResult FromCompletedOrder(JsonElement order, string? orderId, PayPalAnswer answer)
    {
        var unit = FirstPurchaseUnit(order);
        if (unit.ValueKind != JsonValueKind.Object
            || !unit.TryGetProperty("payments", out var payments)
            || !payments.TryGetProperty("captures", out var captures)
            || captures.ValueKind != JsonValueKind.Array
            || captures.GetArrayLength() == 0)
        {
            return Unexpected(answer, "PayPal's completed order holds no capture.") with { GatewayReference = orderId };
        }

        return MapCapture(captures[0], orderId, answer) with { SavedMethod = SavedMethodOf(order) };
    }

    private static GatewayResult MapCapture(JsonElement capture, string? orderId, PayPalAnswer answer)
    {
        var captureId = PayPalApi.Str(capture, "id");
        var status = PayPalApi.Str(capture, "status");
        var amount = capture.TryGetProperty("amount", out var a) ? PayPalAmounts.ReadMoney(a) : null;
        if (captureId is null || amount is null)
        {
            return Unexpected(answer, "PayPal's capture has no id or no readable amount.") with { GatewayReference = orderId };
        }

        long? fee = null;
        if (capture.TryGetProperty("seller_receivable_breakdown", out var breakdown)
            && breakdown.TryGetProperty("paypal_fee", out var feeJson)
            && PayPalAmounts.ReadMoney(feeJson) is { } feeMoney
            && feeMoney.Currency.Code == amount.Value.Currency.Code)
        {
            fee = feeMoney.Minor;
        }

        var reason = capture.TryGetProperty("status_details", out var details) ? PayPalApi.Str(details, "reason") : null;
        var result = new GatewayResult(GatewayOutcome.Succeeded, orderId, captureId, amount, fee, DebugId: answer.DebugId, RawBody: answer.Raw);
        return status switch
        {
            // Refunded later still means the money was captured; refunds are recorded separately.
            "COMPLETED" or "PARTIALLY_REFUNDED" or "REFUNDED" => result,
            "PENDING" => result with { Outcome = GatewayOutcome.Pending, FeeMinor = null, ErrorCode = reason, ErrorMessage = "PayPal holds the capture as pending: " + (reason ?? "no reason given") },
            "DECLINED" or "FAILED" => result with { Outcome = GatewayOutcome.Failed, FeeMinor = null, ErrorCode = PayPalErrorCodes.CaptureDeclined, ErrorMessage = $"PayPal's capture is {status}." + (reason is null ? "" : " " + reason) },
            _ => Unexpected(answer, $"PayPal's capture has status '{status}'.") with { GatewayReference = orderId, TransactionId = captureId },
        };
    }

    private async Task<GatewayEventOutcome> CaptureEventAsync(
        GatewayAccountConfig account, string eventType, string captureId, JsonElement resource, CancellationToken cancellationToken)
    {
        var orderId = resource.TryGetProperty("supplementary_data", out var supplementary)
            && supplementary.TryGetProperty("related_ids", out var related) ? PayPalApi.Str(related, "order_id") : null;
        var answer = await api.SendAsync(account, HttpMethod.Get, $"v2/payments/captures/{Uri.EscapeDataString(captureId)}", null, null, cancellationToken);
        var attemptId = AttemptIdOf(answer.IsSuccess ? answer.Body : resource) ?? AttemptIdOf(resource);
        if (attemptId is null)
        {
            return GatewayEventOutcome.Ignore($"Capture {captureId} ({eventType}) carries no attempt id of ours (custom_id).");
        }

        if (!answer.IsSuccess)
        {
            // Never trust the body alone: without the re-read the state stays open for the janitor or a redelivery.
            var failure = FromFailure(answer, orderId);
            return GatewayEventOutcome.ForPayment(attemptId.Value, failure.Outcome == GatewayOutcome.Expired
                ? GatewayResult.Unknown($"PayPal does not know capture {captureId}.", answer.DebugId) with { GatewayReference = orderId }
                : failure with { TransactionId = captureId });
        }

        if (orderId is null && answer.Body.TryGetProperty("supplementary_data", out var sd) && sd.TryGetProperty("related_ids", out var ri))
        {
            orderId = PayPalApi.Str(ri, "order_id");
        }

        return GatewayEventOutcome.ForPayment(attemptId.Value, MapCapture(answer.Body, orderId, answer));
    }

    private async Task<GatewayEventOutcome> RefundEventAsync(GatewayAccountConfig account, string refundId, CancellationToken cancellationToken)
    {
        var refund = await api.SendAsync(account, HttpMethod.Get, $"v2/payments/refunds/{Uri.EscapeDataString(refundId)}", null, null, cancellationToken);
        if (!refund.IsSuccess)
        {
            var failure = FromFailure(refund, orderId: null);
            return new GatewayEventOutcome(GatewayEventKind.Refund, null,
                failure.Outcome is GatewayOutcome.Expired or GatewayOutcome.Failed
                    ? GatewayResult.Unknown($"Refund {refundId} could not be read back: {failure.ErrorMessage}", refund.DebugId) with { TransactionId = refundId }
                    : failure with { TransactionId = refundId },
                null);
        }

        // The refund names its capture through the "up" link; the capture names our attempt.
        var captureId = CaptureIdOfRefund(refund.Body);
        Guid? attemptId = null;
        if (captureId is not null)
        {
            var capture = await api.SendAsync(account, HttpMethod.Get, $"v2/payments/captures/{Uri.EscapeDataString(captureId)}", null, null, cancellationToken);
            if (capture.IsSuccess)
            {
                attemptId = AttemptIdOf(capture.Body);
            }
        }

        return new GatewayEventOutcome(GatewayEventKind.Refund, attemptId, MapRefund(refund.Body, captureId, refund), null);
    }

    private static GatewayResult MapRefund(JsonElement refund, string? captureId, PayPalAnswer answer)
    {
        var refundId = PayPalApi.Str(refund, "id");
        var amount = refund.TryGetProperty("amount", out var a) ? PayPalAmounts.ReadMoney(a) : null;
        if (refundId is null)
        {
            return Unexpected(answer, "PayPal's refund has no id.") with { GatewayReference = captureId };
        }

        long? fee = null;
        if (refund.TryGetProperty("seller_payable_breakdown", out var breakdown)
            && breakdown.TryGetProperty("paypal_fee", out var feeJson) && PayPalAmounts.ReadMoney(feeJson) is { } feeMoney)
        {
            fee = feeMoney.Minor;
        }

        var status = PayPalApi.Str(refund, "status");
        var reason = refund.TryGetProperty("status_details", out var details) ? PayPalApi.Str(details, "reason") : null;
        var result = new GatewayResult(GatewayOutcome.Succeeded, captureId, refundId, amount, fee, DebugId: answer.DebugId, RawBody: answer.Raw);
        return status switch
        {
            "COMPLETED" => result,
            "PENDING" => result with { Outcome = GatewayOutcome.Pending, ErrorCode = reason },
            "FAILED" or "CANCELLED" => result with { Outcome = GatewayOutcome.Failed, ErrorCode = "REFUND_" + status, ErrorMessage = reason },
            _ => Unexpected(answer, $"PayPal's refund has status '{status}'.") with { GatewayReference = captureId, TransactionId = refundId },
        };
    }

    // ---- failures ----

    /// <summary>Contract §1.1 and §2.9: every answer that is not a success, as a result.</summary>
    private static GatewayResult FromFailure(PayPalAnswer answer, string? orderId)
    {
        GatewayResult result = answer.Kind switch
        {
            PayPalAnswerKind.NotSent => new GatewayResult(GatewayOutcome.NotAttempted, ErrorCode: answer.Code, ErrorMessage: answer.Message),
            PayPalAnswerKind.NoAnswer => GatewayResult.Unknown(answer.Message ?? "No answer from PayPal.", answer.DebugId) with { ErrorCode = answer.Code },
            _ => answer.Status switch
            {
                404 => new GatewayResult(GatewayOutcome.Expired, ErrorCode: answer.Code, ErrorMessage: answer.Message, DebugId: answer.DebugId, RawBody: answer.Raw),
                // Still 401 after a fresh token, or still 429 after waiting: PayPal refused before doing anything.
                401 => new GatewayResult(GatewayOutcome.NotAttempted, ErrorCode: PayPalErrorCodes.AuthenticationFailed, ErrorMessage: answer.Message, DebugId: answer.DebugId),
                429 => new GatewayResult(GatewayOutcome.NotAttempted, ErrorCode: PayPalErrorCodes.RateLimited, ErrorMessage: answer.Message, DebugId: answer.DebugId),
                _ => GatewayResult.Fail(answer.Code ?? PayPalErrorCodes.UnexpectedAnswer, answer.Message ?? "PayPal refused the request.", answer.DebugId, answer.Raw),
            },
        };
        return result with { GatewayReference = orderId };
    }

    private static GatewayResult Unexpected(PayPalAnswer answer, string message) =>
        GatewayResult.Unknown(message, answer.DebugId) with { ErrorCode = PayPalErrorCodes.UnexpectedAnswer, RawBody = answer.Raw };

    private static GatewayResult? AmountFailure(Money amount)
    {
        if (!PayPalAmounts.Offered.Contains(amount.Currency.Code))
        {
            // A definite answer: PayPal cannot charge this currency (ZAR), so retrying cannot help.
            return GatewayResult.Fail(PayPalErrorCodes.CurrencyNotSupported, $"PayPal does not take {amount.Currency.Code}.");
        }

        return PayPalAmounts.ToValue(amount) is null
            ? GatewayResult.Fail(PayPalErrorCodes.AmountNotExpressible, $"PayPal cannot charge {amount}.")
            : null;
    }

    // ---- JSON helpers ----

    private static JsonObject PurchaseUnit(Guid attemptId, string? reference, string description, Money amount)
    {
        var unit = new JsonObject
        {
            ["reference_id"] = "default",
            ["custom_id"] = Id(attemptId),
            ["amount"] = AmountJson(amount),
        };
        if (!string.IsNullOrWhiteSpace(reference))
        {
            // invoice_id is unique per merchant account: the attempt's own suffix keeps a second attempt from DUPLICATE_INVOICE_ID.
            unit["invoice_id"] = Truncate(reference, 100) + "-" + attemptId.ToString("N", CultureInfo.InvariantCulture)[..8];
        }

        if (!string.IsNullOrWhiteSpace(description))
        {
            unit["description"] = Truncate(description, 127);
        }

        return unit;
    }

    private static JsonObject AmountJson(Money amount) => new()
    {
        ["currency_code"] = amount.Currency.Code,
        ["value"] = PayPalAmounts.ToValue(amount),
    };

    private static JsonElement FirstPurchaseUnit(JsonElement order) =>
        order.ValueKind == JsonValueKind.Object && order.TryGetProperty("purchase_units", out var units)
        && units.ValueKind == JsonValueKind.Array && units.GetArrayLength() > 0
            ? units[0]
            : default;

    private static Guid? AttemptIdOf(JsonElement element) =>
        Guid.TryParse(PayPalApi.Str(element, "custom_id"), CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The buyer's link, only ever taken from PayPal's links: <c>payer-action</c>, else the legacy <c>approve</c>.</summary>
    private static string? ApprovalLink(JsonElement body) => Link(body, "payer-action") ?? Link(body, "approve") ?? Link(body, "redirect");

    private static string? Link(JsonElement body, string rel)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("links", out var links) || links.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var link in links.EnumerateArray())
        {
            if (string.Equals(PayPalApi.Str(link, "rel"), rel, StringComparison.OrdinalIgnoreCase))
            {
                return PayPalApi.Str(link, "href");
            }
        }

        return null;
    }

    private static string? CaptureIdOfRefund(JsonElement refund)
    {
        var up = Link(refund, "up");
        if (up is null || !Uri.TryCreate(up, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segments = uri.AbsolutePath.TrimEnd('/').Split('/');
        return segments.Length >= 2 && segments[^2] == "captures" ? segments[^1] : null;
    }

    private static SavedMethodInfo? SavedMethodOf(JsonElement order)
    {
        if (order.ValueKind != JsonValueKind.Object
            || !order.TryGetProperty("payment_source", out var source)
            || !source.TryGetProperty("paypal", out var paypal)
            || !paypal.TryGetProperty("attributes", out var attributes)
            || !attributes.TryGetProperty("vault", out var vault)
            || PayPalApi.Str(vault, "id") is not { } vaultId
            || PayPalApi.Str(vault, "status") is not "VAULTED")
        {
            return null;
        }

        var customer = vault.TryGetProperty("customer", out var c) ? PayPalApi.Str(c, "id") : null;
        var label = PayPalApi.Str(paypal, "email_address") is { } email ? "PayPal " + email : "PayPal";
        return new SavedMethodInfo(customer, vaultId, label);
    }

    private static DateTime? CreateTime(JsonElement order) =>
        PayPalApi.Str(order, "create_time") is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime
            : null;

    private bool IsPastApprovalWindow(DateTime createdAtUtc) =>
        time.GetUtcNow().UtcDateTime - createdAtUtc > options.Value.ApprovalWindow;

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
