using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace GameHost.App.Features.Payments.Gateways.Stripe;

/// <summary>
/// Stripe through Stripe.net (contract §3): a hosted Checkout Session for invoices and top-ups, an off-session
/// PaymentIntent for autopay, refunds, and webhooks verified by their <c>Stripe-Signature</c>. Every POST carries our
/// own idempotency key (<c>checkout:</c>, <c>autopay:</c>, <c>refund:</c> + our id), never an SDK-generated one, and
/// every outside failure is mapped to a <see cref="GatewayResult"/> here (contract §1.1, §3.5).
/// </summary>
public sealed class StripeGateway(
    StripeClientProvider clients,
    IOptions<StripeGatewayOptions> options,
    TimeProvider time,
    ILogger<StripeGateway> logger) : IPaymentGateway, IRefundLookup, ISettlementListing, ISavedMethodRemoval
{
    public const string GatewayCode = "stripe";

    public const string DefaultApiBase = "https://api.stripe.com";

    /// <summary>The API version Stripe.net pins; the webhook endpoint must be created on the same release train.</summary>
    public static string PinnedApiVersion => StripeConfiguration.ApiVersion;

    public static class Settings
    {
        public const string SecretKey = "secret_key";
        public const string WebhookSecret = "webhook_secret";
        public const string ApiBase = "api_base";
    }

    public static class Metadata
    {
        public const string AttemptId = "attempt_id";
        public const string InvoiceId = "invoice_id";
        public const string GatewayAccount = "gateway_account";
        public const string Purpose = "purpose";
        public const string RefundId = "refund_id";
    }

    private static readonly IReadOnlySet<string> Currencies = new HashSet<string>(StringComparer.Ordinal)
    {
        "ZAR", "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "BRL", "MXN",
        "SGD", "HKD", "INR", "JPY", "KRW", "CLP", "KWD", "BHD", "JOD", "OMR", "TND",
    };

    private readonly StripeGatewayOptions _options = options.Value;

    public string Code => GatewayCode;

    public GatewayCapabilities Capabilities =>
        GatewayCapabilities.HostedCheckout | GatewayCapabilities.SavedMethod | GatewayCapabilities.OffSessionCharge
        | GatewayCapabilities.Refund | GatewayCapabilities.PartialRefund;

    public IReadOnlySet<string> SupportedCurrencies => Currencies;

    public IReadOnlyList<GatewaySettingField> SettingFields { get; } =
    [
        new(Settings.SecretKey, "Secret key (sk_test_… in sandbox, sk_live_… live)", Secret: true, Required: true),
        new(Settings.WebhookSecret, "Webhook signing secret (whsec_…)", Secret: true, Required: true),
        new(Settings.ApiBase, "API base URL", Secret: false, Required: true, DefaultValue: DefaultApiBase),
    ];

    public async Task<GatewayResult> StartCheckoutAsync(GatewayAccountConfig account, CheckoutRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        if (CheckAccount(account) is { } misconfigured)
        {
            return misconfigured;
        }

        if (!Currencies.Contains(request.Amount.Currency.Code))
        {
            return GatewayResult.NotSent($"Stripe is not offered for {request.Amount.Currency.Code}.") with { ErrorCode = "stripe.currency_not_supported" };
        }

        if (request.Amount.Minor <= 0 || StripeAmounts.ToStripeAmount(request.Amount) is not { } amount)
        {
            return GatewayResult.NotSent($"Stripe cannot charge {request.Amount} exactly.") with { ErrorCode = "stripe.invalid_amount" };
        }

        var metadata = new Dictionary<string, string>
        {
            [Metadata.AttemptId] = request.AttemptId.ToString(),
            [Metadata.GatewayAccount] = account.AccountId.ToString(),
            [Metadata.Purpose] = request.Purpose == PaymentPurpose.TopUp ? "topup" : "invoice",
        };
        if (request.InvoiceId is { } invoiceId)
        {
            metadata[Metadata.InvoiceId] = invoiceId.ToString();
        }

        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = request.AttemptId.ToString(),
            CustomerEmail = string.IsNullOrWhiteSpace(request.CustomerEmail) ? null : request.CustomerEmail,
            SuccessUrl = request.ReturnUrl,
            CancelUrl = request.CancelUrl,
            // From the attempt's creation, never from "now": the body sent under checkout:{attemptId} must be the same on
            // every retry, or Stripe answers idempotency_error (contract §3.7). Without it, Stripe's 24-hour default applies.
            ExpiresAt = request.AttemptCreatedAtUtc is { } createdAt
                ? DateTime.SpecifyKind(createdAt, DateTimeKind.Utc).Add(_options.CheckoutLifetime)
                : null,
            Metadata = metadata,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = StripeAmounts.ToStripeCurrency(request.Amount.Currency),
                        UnitAmount = amount,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = Truncate(request.Description, 250) },
                    },
                },
            ],
            PaymentIntentData = new SessionPaymentIntentDataOptions
            {
                // Session metadata is not copied to the PaymentIntent: the same keys go on both (contract §3.3).
                Metadata = new Dictionary<string, string>(metadata),
                Description = Truncate($"{request.Reference} {request.Description}".Trim(), 1000),
                SetupFutureUsage = request.SaveMethod ? "off_session" : null,
            },
            CustomerCreation = request.SaveMethod ? "always" : null,
        };

        var key = CheckoutKey(request.AttemptId);
        return await CallAsync(
            "checkout",
            key,
            (client, requestOptions, ct) => new SessionService(client).CreateAsync(create, requestOptions, ct),
            account,
            session => new GatewayResult(
                GatewayOutcome.RequiresCustomerAction,
                GatewayReference: session.Id,
                Amount: request.Amount,
                RedirectUrl: session.Url),
            cancellationToken);
    }

    public async Task<GatewayResult> ConfirmAsync(GatewayAccountConfig account, AttemptSnapshot attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(attempt);
        if (CheckAccount(account) is { } misconfigured)
        {
            return misconfigured;
        }

        var reference = attempt.GatewayReference;
        if (reference is not null && reference.StartsWith("cs_", StringComparison.Ordinal))
        {
            return await ReadSessionAsync(account, reference, cancellationToken);
        }

        var intentId = reference is not null && reference.StartsWith("pi_", StringComparison.Ordinal) ? reference
            : attempt.TransactionId is { } tx && tx.StartsWith("pi_", StringComparison.Ordinal) ? tx : null;
        if (intentId is not null)
        {
            return await ReadIntentAsync(account, intentId, sessionId: null, cancellationToken);
        }

        // The session create's outcome was never learnt, so there is nothing to ask about. A session cannot outlive
        // 24 hours; past that, a payment it took would have reached us by its webhook (or the settlement check).
        return time.GetUtcNow().UtcDateTime - attempt.CreatedAtUtc > TimeSpan.FromHours(25)
            ? new GatewayResult(GatewayOutcome.Expired, ErrorCode: "stripe.no_session", ErrorMessage: "No Checkout Session was recorded and any would have expired.")
            : GatewayResult.Unknown("No Checkout Session id is recorded for this attempt yet.");
    }

    public Task<WebhookVerification> VerifyWebhookAsync(GatewayAccountConfig account, InboundWebhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(webhook);
        return Task.FromResult(Verify(account, webhook));
    }

    private WebhookVerification Verify(GatewayAccountConfig account, InboundWebhook webhook)
    {
        var header = webhook.Header("Stripe-Signature");
        if (string.IsNullOrWhiteSpace(header))
        {
            return Rejected("the Stripe-Signature header is missing");
        }

        if (account.Get(Settings.WebhookSecret) is not { } secret)
        {
            logger.LogError("Stripe account {Account} has no webhook secret: events cannot be verified", account.AccountId);
            return WebhookVerification.CouldNotVerify("The webhook signing secret is not configured.");
        }

        string json;
        try
        {
            json = new UTF8Encoding(false, true).GetString(webhook.Body);
        }
        catch (DecoderFallbackException)
        {
            return Rejected("the body is not UTF-8");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var tolerance = (long)_options.WebhookTolerance.TotalSeconds;
        try
        {
            EventUtility.ValidateSignature(json, header, secret, tolerance, now);
        }
        catch (Exception ex) when (ex is StripeException or FormatException or OverflowException or ArgumentException)
        {
            return Rejected($"signature: {ex.Message}");
        }

        if (SignedTimestamp(header) is { } signedAt && signedAt - now > tolerance)
        {
            return Rejected("signature: the timestamp is in the future");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ParseEvent(json, throwOnApiVersionMismatch: true);
        }
        catch (StripeException ex)
        {
            // An endpoint on another release train: Stripe.net cannot promise to read it (contract §3.1).
            return Rejected($"API version: {ex.Message} (pinned {PinnedApiVersion})");
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or System.Text.Json.JsonException or ArgumentException)
        {
            return Rejected($"the body is not a Stripe event: {ex.Message}");
        }

        if (string.IsNullOrEmpty(stripeEvent.Id) || string.IsNullOrEmpty(stripeEvent.Type))
        {
            return Rejected("the event has no id or type");
        }

        return WebhookVerification.Valid(stripeEvent.Id, stripeEvent.Type);

        WebhookVerification Rejected(string reason)
        {
            logger.LogWarning("Stripe webhook for account {Account} rejected: {Reason}", account.AccountId, reason);
            return WebhookVerification.Invalid(reason);
        }
    }

    public async Task<GatewayEventOutcome> InterpretEventAsync(GatewayAccountConfig account, StoredGatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        // Verified when it arrived (train included); stored events are read as they are.
        var stripeEvent = EventUtility.ParseEvent(Encoding.UTF8.GetString(gatewayEvent.Body), throwOnApiVersionMismatch: false);
        switch (stripeEvent.Data?.Object)
        {
            case Session session when stripeEvent.Type.StartsWith("checkout.session.", StringComparison.Ordinal):
            {
                if (Owner(account, session.Metadata, out var attemptId) is { } notOurs)
                {
                    return notOurs;
                }

                if (session.Mode != "payment")
                {
                    return GatewayEventOutcome.Ignore($"Checkout Session {session.Id} is in {session.Mode} mode; only payment sessions are used.");
                }

                // Re-read: the event body may be stale or out of order.
                return ForPayment(attemptId, await ReadSessionAsync(account, session.Id, cancellationToken));
            }

            case PaymentIntent intent when stripeEvent.Type.StartsWith("payment_intent.", StringComparison.Ordinal):
            {
                if (Owner(account, intent.Metadata, out var attemptId) is { } notOurs)
                {
                    return notOurs;
                }

                return ForPayment(attemptId, await ReadIntentAsync(account, intent.Id, sessionId: null, cancellationToken));
            }

            case Refund refund when stripeEvent.Type.StartsWith("refund.", StringComparison.Ordinal):
            {
                var fresh = await CallAsync(
                    "refund-read",
                    idempotencyKey: null,
                    (client, requestOptions, ct) => new RefundService(client).GetAsync(refund.Id, null, requestOptions, ct),
                    account,
                    MapRefund,
                    cancellationToken);
                ThrowIfUnresolved(fresh, refund.Id);
                return new GatewayEventOutcome(GatewayEventKind.Refund, null, fresh, null);
            }

            default:
                return GatewayEventOutcome.Ignore($"Stripe event type {stripeEvent.Type} is not acted on.");
        }

        GatewayEventOutcome ForPayment(Guid attemptId, GatewayResult result)
        {
            ThrowIfUnresolved(result, gatewayEvent.EventId);
            return GatewayEventOutcome.ForPayment(attemptId, result);
        }
    }

    public async Task<GatewayResult> RefundAsync(GatewayAccountConfig account, GatewayRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        if (CheckAccount(account) is { } misconfigured)
        {
            return misconfigured;
        }

        if (!request.TransactionId.StartsWith("pi_", StringComparison.Ordinal))
        {
            return GatewayResult.NotSent($"'{request.TransactionId}' is not a Stripe PaymentIntent.") with { ErrorCode = "stripe.invalid_transaction" };
        }

        if (request.Amount.Minor <= 0 || StripeAmounts.ToStripeAmount(request.Amount) is not { } amount)
        {
            return GatewayResult.NotSent($"Stripe cannot refund {request.Amount} exactly.") with { ErrorCode = "stripe.invalid_amount" };
        }

        var create = new RefundCreateOptions
        {
            PaymentIntent = request.TransactionId,
            Amount = amount,
            Reason = "requested_by_customer",
            Metadata = new Dictionary<string, string>
            {
                [Metadata.RefundId] = request.RefundId.ToString(),
                [Metadata.GatewayAccount] = account.AccountId.ToString(),
            },
        };
        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            create.Metadata["reason"] = Truncate(request.Reason, 500);
        }

        return await CallAsync(
            "refund",
            RefundKey(request.RefundId),
            (client, requestOptions, ct) => new RefundService(client).CreateAsync(create, requestOptions, ct),
            account,
            MapRefund,
            cancellationToken);
    }

    public async Task<GatewayResult> ChargeSavedMethodAsync(GatewayAccountConfig account, SavedMethodCharge request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        if (CheckAccount(account) is { } misconfigured)
        {
            return misconfigured;
        }

        if (!Currencies.Contains(request.Amount.Currency.Code) || request.Amount.Minor <= 0
            || StripeAmounts.ToStripeAmount(request.Amount) is not { } amount)
        {
            return GatewayResult.NotSent($"Stripe cannot charge {request.Amount} exactly.") with { ErrorCode = "stripe.invalid_amount" };
        }

        if (string.IsNullOrWhiteSpace(request.CustomerReference))
        {
            return GatewayResult.NotSent("A saved Stripe card needs its customer (cus_…).") with { ErrorCode = "stripe.customer_missing" };
        }

        var create = new PaymentIntentCreateOptions
        {
            Amount = amount,
            Currency = StripeAmounts.ToStripeCurrency(request.Amount.Currency),
            Customer = request.CustomerReference,
            PaymentMethod = request.MethodReference,
            OffSession = true,
            Confirm = true,
            Description = Truncate(request.Description, 1000),
            Metadata = new Dictionary<string, string>
            {
                [Metadata.AttemptId] = request.AttemptId.ToString(),
                [Metadata.GatewayAccount] = account.AccountId.ToString(),
                [Metadata.Purpose] = "autopay",
            },
        };

        return await CallAsync(
            "autopay",
            AutopayKey(request.AttemptId),
            (client, requestOptions, ct) => new PaymentIntentService(client).CreateAsync(create, requestOptions, ct),
            account,
            intent => MapIntent(intent, sessionId: null),
            cancellationToken);
    }

    public async Task<GatewayResult> TestConnectionAsync(GatewayAccountConfig account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (CheckAccount(account) is { } misconfigured)
        {
            return misconfigured;
        }

        return await CallAsync(
            "balance",
            idempotencyKey: null,
            (client, requestOptions, ct) => new BalanceService(client).GetAsync(requestOptions, ct),
            account,
            balance => new GatewayResult(GatewayOutcome.Succeeded, GatewayReference: balance.Livemode ? "live" : "test"),
            cancellationToken);
    }

    /// <summary>
    /// What became of a refund whose answer was lost: read by its id when an earlier answer gave one (<c>GET /v1/refunds/{id}</c>),
    /// else found among the PaymentIntent's refunds (<c>GET /v1/refunds?payment_intent=…</c>) by the <c>refund_id</c> metadata
    /// every refund of ours carries. Not among them: Stripe never made it (it is never re-sent from here).
    /// </summary>
    public async Task<GatewayResult> LookUpRefundAsync(GatewayAccountConfig account, RefundLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(lookup);
        if (CheckAccount(account) is { } misconfigured)
        {
            return misconfigured;
        }

        if (!string.IsNullOrWhiteSpace(lookup.GatewayRefundId))
        {
            return await CallAsync(
                "refund-read",
                idempotencyKey: null,
                (client, requestOptions, ct) => new RefundService(client).GetAsync(lookup.GatewayRefundId, null, requestOptions, ct),
                account,
                MapRefund,
                cancellationToken,
                notFound: GatewayOutcome.Unknown);
        }

        var ours = lookup.RefundId.ToString();
        Refund? found = null;
        string? after = null;
        for (var page = 0; page < 20 && found is null; page++)
        {
            StripeList<Refund>? list = null;
            var read = await CallAsync(
                "refund-list",
                idempotencyKey: null,
                (client, requestOptions, ct) => new RefundService(client).ListAsync(
                    new RefundListOptions { PaymentIntent = lookup.TransactionId, Limit = 100, StartingAfter = after }, requestOptions, ct),
                account,
                refunds =>
                {
                    list = refunds;
                    return new GatewayResult(GatewayOutcome.Succeeded);
                },
                cancellationToken,
                notFound: GatewayOutcome.Unknown);
            if (read.Outcome != GatewayOutcome.Succeeded || list is null)
            {
                return read.Outcome == GatewayOutcome.Failed ? read with { Outcome = GatewayOutcome.Unknown } : read;
            }

            found = list.Data.FirstOrDefault(r => r.Metadata is { } metadata && metadata.TryGetValue(Metadata.RefundId, out var id) && id == ours);
            if (!list.HasMore || list.Data.Count == 0)
            {
                break;
            }

            after = list.Data[^1].Id;
        }

        return found is not null
            ? MapRefund(found)
            : GatewayResult.Fail("stripe.refund_not_found", $"Stripe has no refund of {lookup.TransactionId} made with our id {ours}: it was never made.");
    }

    /// <summary>
    /// The settlement check's listing (contract §1.5): PaymentIntents created in the period (<c>GET /v1/payment_intents</c>
    /// with <c>created[gte]</c>/<c>created[lt]</c>, paged by <c>starting_after</c>), the succeeded ones, by their <c>pi_…</c> id
    /// and received amount. Intents another gateway account of ours made (its id in <c>metadata.gateway_account</c>) are left out.
    /// </summary>
    public async Task<SettlementListing> ListSettledAsync(GatewayAccountConfig account, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (CheckAccount(account) is { } misconfigured)
        {
            return SettlementListing.Failed(misconfigured.ErrorMessage ?? "Stripe is not configured.");
        }

        var transactions = new List<SettledTransaction>();
        string? after = null;
        for (var page = 0; page < 100; page++)
        {
            StripeList<PaymentIntent>? list = null;
            var read = await CallAsync(
                "intent-list",
                idempotencyKey: null,
                (client, requestOptions, ct) => new PaymentIntentService(client).ListAsync(
                    new PaymentIntentListOptions
                    {
                        Created = new DateRangeOptions { GreaterThanOrEqual = fromUtc, LessThan = toUtc },
                        Limit = 100,
                        StartingAfter = after,
                    },
                    requestOptions,
                    ct),
                account,
                intents =>
                {
                    list = intents;
                    return new GatewayResult(GatewayOutcome.Succeeded);
                },
                cancellationToken);
            if (read.Outcome != GatewayOutcome.Succeeded || list is null)
            {
                return SettlementListing.Failed(read.ErrorMessage ?? "Stripe's PaymentIntents could not be listed.");
            }

            foreach (var intent in list.Data.Where(i => i.Status == "succeeded"))
            {
                var metadata = intent.Metadata ?? new Dictionary<string, string>();
                if (metadata.TryGetValue(Metadata.GatewayAccount, out var owner) && owner != account.AccountId.ToString())
                {
                    continue;
                }

                if (StripeAmounts.FromStripe(intent.AmountReceived, intent.Currency) is { } amount)
                {
                    transactions.Add(new SettledTransaction(intent.Id, amount, DateTime.SpecifyKind(intent.Created, DateTimeKind.Utc),
                        metadata.TryGetValue(Metadata.AttemptId, out var attempt) ? attempt : null));
                }
            }

            if (!list.HasMore || list.Data.Count == 0)
            {
                return new SettlementListing(true, transactions, null);
            }

            after = list.Data[^1].Id;
        }

        return SettlementListing.Failed("Stripe listed more than 10,000 PaymentIntents for one day.");
    }

    /// <summary>
    /// Detaches a saved card from its Stripe customer (<c>POST /v1/payment_methods/{id}/detach</c>, keyed
    /// <c>detach:{pm}</c>) so it can never be charged again. A method Stripe no longer knows counts as gone.
    /// </summary>
    public async Task<GatewayResult> RemoveSavedMethodAsync(GatewayAccountConfig account, SavedMethodInfo method, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(method);
        if (CheckAccount(account) is { } misconfigured)
        {
            return misconfigured;
        }

        return await CallAsync(
            "detach",
            DetachKey(method.MethodReference),
            (client, requestOptions, ct) => new PaymentMethodService(client).DetachAsync(method.MethodReference, null, requestOptions, ct),
            account,
            detached => new GatewayResult(GatewayOutcome.Succeeded, TransactionId: detached.Id),
            cancellationToken,
            notFound: GatewayOutcome.Succeeded);
    }

    public static string DetachKey(string methodReference) => $"detach:{methodReference}";

    public static string CheckoutKey(Guid attemptId) => $"checkout:{attemptId}";

    public static string AutopayKey(Guid attemptId) => $"autopay:{attemptId}";

    public static string RefundKey(Guid refundId) => $"refund:{refundId}";

    private Task<GatewayResult> ReadSessionAsync(GatewayAccountConfig account, string sessionId, CancellationToken cancellationToken) =>
        CallAsync(
            "session-read",
            idempotencyKey: null,
            (client, requestOptions, ct) => new SessionService(client).GetAsync(
                sessionId,
                new SessionGetOptions { Expand = ["payment_intent", "payment_intent.payment_method"] },
                requestOptions,
                ct),
            account,
            MapSession,
            cancellationToken,
            notFound: GatewayOutcome.Expired);

    private Task<GatewayResult> ReadIntentAsync(GatewayAccountConfig account, string intentId, string? sessionId, CancellationToken cancellationToken) =>
        CallAsync(
            "intent-read",
            idempotencyKey: null,
            (client, requestOptions, ct) => new PaymentIntentService(client).GetAsync(
                intentId,
                new PaymentIntentGetOptions { Expand = ["payment_method"] },
                requestOptions,
                ct),
            account,
            intent => MapIntent(intent, sessionId),
            cancellationToken,
            notFound: GatewayOutcome.Expired);

    /// <summary>Session states (contract §1.5): complete + paid credits through its PaymentIntent; expired ends it.</summary>
    private static GatewayResult MapSession(Session session)
    {
        if (session.PaymentIntent is { } intent)
        {
            var fromIntent = MapIntent(intent, session.Id);
            if (fromIntent.Outcome == GatewayOutcome.Succeeded && session.PaymentStatus != "paid")
            {
                return fromIntent with { Outcome = GatewayOutcome.Pending };
            }

            if (session.Status == "expired" && fromIntent.Outcome != GatewayOutcome.Succeeded)
            {
                return fromIntent with { Outcome = GatewayOutcome.Expired, ErrorCode = "stripe.session_expired" };
            }

            if (session.Status == "open" && fromIntent.Outcome is GatewayOutcome.Failed or GatewayOutcome.RequiresCustomerAction)
            {
                // The customer may still try another card on the open page.
                return fromIntent with { Outcome = GatewayOutcome.RequiresCustomerAction, RedirectUrl = session.Url };
            }

            return fromIntent;
        }

        return session.Status switch
        {
            "expired" => new GatewayResult(GatewayOutcome.Expired, GatewayReference: session.Id, ErrorCode: "stripe.session_expired"),
            "complete" when session.PaymentStatus == "paid" => new GatewayResult(
                GatewayOutcome.Pending, GatewayReference: session.Id, ErrorMessage: "Paid, but the PaymentIntent is not readable yet."),
            "complete" => new GatewayResult(GatewayOutcome.Pending, GatewayReference: session.Id),
            _ => new GatewayResult(GatewayOutcome.RequiresCustomerAction, GatewayReference: session.Id, RedirectUrl: session.Url),
        };
    }

    /// <summary>PaymentIntent states (contract §3.4): only <c>succeeded</c> credits; the transaction id is <c>pi_…</c>.</summary>
    private static GatewayResult MapIntent(PaymentIntent intent, string? sessionId)
    {
        var reference = sessionId ?? intent.Id;
        var error = intent.LastPaymentError;
        switch (intent.Status)
        {
            case "succeeded":
                return new GatewayResult(
                    GatewayOutcome.Succeeded,
                    GatewayReference: reference,
                    TransactionId: intent.Id,
                    Amount: StripeAmounts.FromStripe(intent.AmountReceived, intent.Currency),
                    SavedMethod: SavedMethodOf(intent));
            case "processing":
            case "requires_capture":
                return new GatewayResult(GatewayOutcome.Pending, GatewayReference: reference, TransactionId: intent.Id,
                    Amount: StripeAmounts.FromStripe(intent.Amount, intent.Currency));
            case "requires_action":
            case "requires_confirmation":
                return new GatewayResult(GatewayOutcome.RequiresCustomerAction, GatewayReference: reference, TransactionId: intent.Id,
                    ErrorCode: "authentication_required");
            case "requires_payment_method" when error is not null:
                return new GatewayResult(GatewayOutcome.Failed, GatewayReference: reference, TransactionId: intent.Id,
                    ErrorCode: DeclineCode(error.Code, error.DeclineCode), ErrorMessage: error.Message);
            case "requires_payment_method":
                return new GatewayResult(GatewayOutcome.RequiresCustomerAction, GatewayReference: reference, TransactionId: intent.Id);
            case "canceled":
                return new GatewayResult(GatewayOutcome.Failed, GatewayReference: reference, TransactionId: intent.Id,
                    ErrorCode: "stripe.canceled", ErrorMessage: intent.CancellationReason);
            default:
                return GatewayResult.Unknown($"PaymentIntent {intent.Id} has an unexpected status '{intent.Status}'.") with
                {
                    GatewayReference = reference,
                    TransactionId = intent.Id,
                };
        }
    }

    private static GatewayResult MapRefund(Refund refund)
    {
        var outcome = refund.Status switch
        {
            "succeeded" => GatewayOutcome.Succeeded,
            "pending" or "requires_action" => GatewayOutcome.Pending,
            "failed" or "canceled" => GatewayOutcome.Failed,
            _ => GatewayOutcome.Unknown,
        };
        return new GatewayResult(
            outcome,
            GatewayReference: refund.PaymentIntentId,
            TransactionId: refund.Id,
            Amount: StripeAmounts.FromStripe(refund.Amount, refund.Currency),
            ErrorCode: outcome == GatewayOutcome.Failed ? $"stripe.refund_{refund.Status}" : null,
            ErrorMessage: refund.FailureReason);
    }

    private static SavedMethodInfo? SavedMethodOf(PaymentIntent intent)
    {
        if (intent.SetupFutureUsage != "off_session" || string.IsNullOrEmpty(intent.PaymentMethodId) || string.IsNullOrEmpty(intent.CustomerId))
        {
            return null;
        }

        var card = intent.PaymentMethod?.Card;
        var label = card is null
            ? "Card"
            : $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(card.Brand ?? "card")} •••• {card.Last4}";
        return new SavedMethodInfo(intent.CustomerId, intent.PaymentMethodId, label);
    }

    private static string DeclineCode(string? code, string? declineCode) =>
        string.IsNullOrEmpty(declineCode) || declineCode == code ? code ?? "stripe.declined" : $"{code}:{declineCode}";

    /// <summary>An event for an attempt that cannot be resolved now must be retried by the inbox, not settled.</summary>
    private static void ThrowIfUnresolved(GatewayResult result, string what)
    {
        if (result.Outcome is GatewayOutcome.Unknown or GatewayOutcome.NotAttempted)
        {
            throw new HttpRequestException($"Stripe could not be asked about {what}: {result.ErrorMessage}");
        }
    }

    private static GatewayEventOutcome? Owner(GatewayAccountConfig account, IDictionary<string, string>? metadata, out Guid attemptId)
    {
        attemptId = Guid.Empty;
        if (metadata is null || !metadata.TryGetValue(Metadata.GatewayAccount, out var owner)
            || !Guid.TryParse(owner, out var ownerId) || ownerId != account.AccountId)
        {
            return GatewayEventOutcome.Ignore("The object belongs to another gateway account (metadata.gateway_account).");
        }

        if (!metadata.TryGetValue(Metadata.AttemptId, out var attempt) || !Guid.TryParse(attempt, out attemptId))
        {
            return GatewayEventOutcome.Ignore("The object names no payment attempt (metadata.attempt_id).");
        }

        return null;
    }

    private static long? SignedTimestamp(string header)
    {
        foreach (var part in header.Split(','))
        {
            var trimmed = part.Trim();
            if (trimmed.StartsWith("t=", StringComparison.Ordinal)
                && long.TryParse(trimmed.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                return t;
            }
        }

        return null;
    }

    private GatewayResult? CheckAccount(GatewayAccountConfig account)
    {
        var key = account.Get(Settings.SecretKey);
        if (key is null)
        {
            return GatewayResult.NotSent("The Stripe secret key is not configured.") with { ErrorCode = "stripe.not_configured" };
        }

        var live = key.StartsWith("sk_live_", StringComparison.Ordinal) || key.StartsWith("rk_live_", StringComparison.Ordinal);
        if (live == account.Sandbox)
        {
            logger.LogError("Stripe account {Account}: a {KeyKind} key on a {Mode} account", account.AccountId,
                live ? "live" : "test", account.Sandbox ? "sandbox" : "live");
            return GatewayResult.NotSent(account.Sandbox ? "A live key is configured on a sandbox account." : "A test key is configured on a live account.")
                with { ErrorCode = "stripe.environment_mismatch" };
        }

        return null;
    }

    /// <summary>
    /// One Stripe call with the contract's failure mapping (§1.1, §3.5): a 429 is waited out once and retried with
    /// the same key; a request that never left is <see cref="GatewayOutcome.NotAttempted"/>; a timeout, a dropped
    /// connection or a 5xx after sending is <see cref="GatewayOutcome.Unknown"/>; declines and 4xx are failures.
    /// </summary>
    private async Task<GatewayResult> CallAsync<T>(
        string operation,
        string? idempotencyKey,
        Func<IStripeClient, RequestOptions, CancellationToken, Task<T>> call,
        GatewayAccountConfig account,
        Func<T, GatewayResult> map,
        CancellationToken cancellationToken,
        GatewayOutcome? notFound = null)
    {
        var client = clients.For(account);
        var requestOptions = new RequestOptions { IdempotencyKey = idempotencyKey };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var value = await call(client, requestOptions, cancellationToken);
                return map(value);
            }
            catch (StripeException ex) when (ex.HttpStatusCode == HttpStatusCode.TooManyRequests && attempt == 1
                                             && RetryAfter(ex) is { } wait && wait <= _options.MaxRetryAfter)
            {
                logger.LogWarning("Stripe {Operation} rate-limited; retrying once after {Wait} with the same key", operation, wait);
                await Task.Delay(wait, time, cancellationToken);
            }
            catch (StripeException ex)
            {
                return Map(operation, idempotencyKey, ex, notFound);
            }
            catch (HttpRequestException ex)
            {
                return MapTransport(operation, idempotencyKey, ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return MapTransport(operation, idempotencyKey, ex);
            }
        }
    }

    private GatewayResult Map(string operation, string? key, StripeException ex, GatewayOutcome? notFound)
    {
        var error = ex.StripeError;
        var requestId = ex.StripeResponse?.RequestId ?? error?.RequestLogUrl;
        if (error is null || ex.StripeResponse is null)
        {
            // Stripe.net wraps transport failures (timeouts, refused connections) in a StripeException.
            return MapTransport(operation, key, ex.InnerException ?? ex);
        }

        var status = (int)ex.HttpStatusCode;
        var body = ex.StripeResponse.Content;
        switch (status)
        {
            case 402 when error.Code == "authentication_required":
                logger.LogInformation("Stripe {Operation} ({Key}) needs the customer to authenticate; request {RequestId}", operation, key, requestId);
                return new GatewayResult(
                    GatewayOutcome.RequiresCustomerAction,
                    GatewayReference: error.PaymentIntent?.Id,
                    TransactionId: error.PaymentIntent?.Id,
                    ErrorCode: "authentication_required",
                    ErrorMessage: error.Message,
                    DebugId: requestId,
                    RawBody: body);
            case 402:
                logger.LogInformation("Stripe {Operation} ({Key}) declined: {Code}/{Decline}; request {RequestId}", operation, key, error.Code, error.DeclineCode, requestId);
                return GatewayResult.Fail(DeclineCode(error.Code, error.DeclineCode), error.Message ?? "Declined.", requestId, body)
                    with { GatewayReference = error.PaymentIntent?.Id, TransactionId = error.PaymentIntent?.Id };
            case 404 when notFound is { } outcome:
                logger.LogWarning("Stripe {Operation}: object not found; request {RequestId}", operation, requestId);
                return new GatewayResult(outcome, ErrorCode: "stripe.not_found", ErrorMessage: error.Message, DebugId: requestId, RawBody: body);
            case 409:
                logger.LogWarning("Stripe {Operation} ({Key}) conflicted (409); retry with the same key; request {RequestId}", operation, key, requestId);
                return GatewayResult.Unknown(error.Message ?? "Conflict.", requestId);
            case 429:
                logger.LogWarning("Stripe {Operation} ({Key}) still rate-limited; not sent; request {RequestId}", operation, key, requestId);
                return GatewayResult.NotSent("Stripe is rate-limiting requests.") with { ErrorCode = "stripe.rate_limited", DebugId = requestId };
            case >= 500:
                logger.LogWarning("Stripe {Operation} ({Key}) answered {Status}: outcome unknown; request {RequestId}", operation, key, status, requestId);
                return GatewayResult.Unknown($"Stripe answered {status}: {error.Message}", requestId);
            default:
                // 400 (our bug or idempotency_error), 401/403 (bad or restricted key): no retry, staff must look.
                logger.LogError("Stripe {Operation} ({Key}) failed {Status} {Type}/{Code}: {Message}; request {RequestId}",
                    operation, key, status, error.Type, error.Code, error.Message, requestId);
                var code = status is 401 or 403 ? "stripe.authentication" : $"stripe.{error.Code ?? error.Type ?? "invalid_request"}";
                return GatewayResult.Fail(code, error.Message ?? $"Stripe answered {status}.", requestId, body);
        }
    }

    private GatewayResult MapTransport(string operation, string? key, Exception ex)
    {
        if (NeverLeft(ex))
        {
            logger.LogWarning(ex, "Stripe {Operation} ({Key}) was not sent", operation, key);
            return GatewayResult.NotSent($"Stripe could not be reached: {ex.Message}");
        }

        logger.LogWarning(ex, "Stripe {Operation} ({Key}): no answer; outcome unknown", operation, key);
        return GatewayResult.Unknown($"No answer from Stripe: {ex.Message}");
    }

    /// <summary>True only when the connection was never made, so Stripe cannot have acted.</summary>
    private static bool NeverLeft(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError })
            {
                return true;
            }

            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable or SocketError.HostUnreachable })
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan? RetryAfter(StripeException ex)
    {
        var headers = ex.StripeResponse?.Headers;
        if (headers?.RetryAfter is { } retry)
        {
            return retry.Delta ?? TimeSpan.Zero;
        }

        return TimeSpan.Zero;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
