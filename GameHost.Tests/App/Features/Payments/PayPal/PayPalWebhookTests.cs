using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.PayPal;

/// <summary>Contract §2.10 and scenarios 7–9, 26, 33: verification through PayPal's postback, and reading events.</summary>
public sealed class PayPalWebhookTests
{
    private static readonly Money Usd = Money.FromMinor(1250, "USD");

    private static readonly string FixtureDirectory = FindFixtures();

    [Fact]
    public async Task VerifyWebhookAsync_PayPalSaysSuccess_ValidWithEventIdAndType()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var webhook = paypal.Fake.BuildWebhook("PAYMENT.CAPTURE.COMPLETED", "capture", new JsonObject { ["id"] = "2GG279541U471931P" });

        var result = await paypal.Gateway.VerifyWebhookAsync(paypal.Account, Inbound(webhook), CancellationToken.None);

        Assert.Equal(WebhookVerificationStatus.Valid, result.Status);
        Assert.Equal(webhook.EventId, result.EventId);
        Assert.Equal("PAYMENT.CAPTURE.COMPLETED", result.EventType);
    }

    [Fact]
    public async Task VerifyWebhookAsync_FixtureEvent_SendsFiveHeadersWebhookIdAndByteIdenticalBody()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var body = await File.ReadAllBytesAsync(Path.Combine(FixtureDirectory, "paypal-webhook-payment-capture-completed.json"));
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(
            await File.ReadAllTextAsync(Path.Combine(FixtureDirectory, "paypal-webhook-payment-capture-completed.headers.json")))!;

        var result = await paypal.Gateway.VerifyWebhookAsync(paypal.Account, new InboundWebhook(body, headers, "127.0.0.1"), CancellationToken.None);

        Assert.Equal(WebhookVerificationStatus.Valid, result.Status);
        Assert.Equal("WH-4YD22316TU507714H-1KJ41427HT0813941", result.EventId);
        var request = Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.VerifyWebhook));
        using var sent = JsonDocument.Parse(request.Body);
        var root = sent.RootElement;
        Assert.Equal(headers["PAYPAL-TRANSMISSION-ID"], root.GetProperty("transmission_id").GetString());
        Assert.Equal(headers["PAYPAL-TRANSMISSION-TIME"], root.GetProperty("transmission_time").GetString());
        Assert.Equal(headers["PAYPAL-TRANSMISSION-SIG"], root.GetProperty("transmission_sig").GetString());
        Assert.Equal(headers["PAYPAL-CERT-URL"], root.GetProperty("cert_url").GetString());
        Assert.Equal(headers["PAYPAL-AUTH-ALGO"], root.GetProperty("auth_algo").GetString());
        Assert.Equal(FakePayPal.WebhookId, root.GetProperty("webhook_id").GetString());
        Assert.Equal(Encoding.UTF8.GetString(body).Trim(), root.GetProperty("webhook_event").GetRawText());
        Assert.StartsWith("Bearer ", request.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyWebhookAsync_LowerCaseHeaderNames_Accepted()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var webhook = paypal.Fake.BuildWebhook("CHECKOUT.ORDER.APPROVED", "checkout-order", new JsonObject { ["id"] = "7KX38162BV9021433" });
        var lower = webhook.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value, StringComparer.Ordinal);

        var result = await paypal.Gateway.VerifyWebhookAsync(paypal.Account, new InboundWebhook(webhook.Body, lower, "127.0.0.1"), CancellationToken.None);

        Assert.Equal(WebhookVerificationStatus.Valid, result.Status);
        var sent = Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.VerifyWebhook)).Json!;
        Assert.Equal(webhook.Headers["PAYPAL-TRANSMISSION-ID"], sent["transmission_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyWebhookAsync_PayPalSaysFailure_Invalid()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.VerifyAnswer = "FAILURE";
        var body = await File.ReadAllBytesAsync(Path.Combine(FixtureDirectory, "paypal-webhook-payment-capture-completed.json"));
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(
            await File.ReadAllTextAsync(Path.Combine(FixtureDirectory, "paypal-webhook-payment-capture-completed.headers.json")))!;

        var result = await paypal.Gateway.VerifyWebhookAsync(paypal.Account, new InboundWebhook(body, headers, "127.0.0.1"), CancellationToken.None);

        Assert.Equal(WebhookVerificationStatus.Invalid, result.Status);
        Assert.Null(result.EventId);
    }

    [Fact]
    public async Task VerifyWebhookAsync_BodyChangedAfterSigning_Invalid()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var webhook = paypal.Fake.BuildWebhook("PAYMENT.CAPTURE.COMPLETED", "capture", new JsonObject { ["id"] = "2GG279541U471931P" });
        var forged = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(webhook.Body).Replace("2GG279541U471931P", "3HH279541U471931P", StringComparison.Ordinal));

        var result = await paypal.Gateway.VerifyWebhookAsync(paypal.Account, new InboundWebhook(forged, webhook.Headers, null), CancellationToken.None);

        Assert.Equal(WebhookVerificationStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task VerifyWebhookAsync_MissingTransmissionHeader_InvalidWithoutCallingPayPal()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var webhook = paypal.Fake.BuildWebhook("PAYMENT.CAPTURE.COMPLETED", "capture", new JsonObject { ["id"] = "2GG279541U471931P" });
        var headers = webhook.Headers.Where(h => h.Key != "PAYPAL-TRANSMISSION-SIG").ToDictionary(h => h.Key, h => h.Value);

        var result = await paypal.Gateway.VerifyWebhookAsync(paypal.Account, new InboundWebhook(webhook.Body, headers, null), CancellationToken.None);

        Assert.Equal(WebhookVerificationStatus.Invalid, result.Status);
        Assert.Empty(paypal.Fake.RequestsTo(PayPalRoute.VerifyWebhook));
    }

    [Fact]
    public async Task VerifyWebhookAsync_VerifyCallErrors_CouldNotVerify()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.VerifyWebhook, PayPalFault.ServerError());
        var webhook = paypal.Fake.BuildWebhook("PAYMENT.CAPTURE.COMPLETED", "capture", new JsonObject { ["id"] = "2GG279541U471931P" });

        var result = await paypal.Gateway.VerifyWebhookAsync(paypal.Account, Inbound(webhook), CancellationToken.None);

        Assert.Equal(WebhookVerificationStatus.CouldNotVerify, result.Status);
    }

    [Fact]
    public async Task VerifyWebhookAsync_VerifyCallTimesOut_CouldNotVerify()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.Inject(PayPalRoute.VerifyWebhook, PayPalFault.Hang());
        var webhook = paypal.Fake.BuildWebhook("PAYMENT.CAPTURE.COMPLETED", "capture", new JsonObject { ["id"] = "2GG279541U471931P" });

        var result = await paypal.DriveAsync(paypal.Gateway.VerifyWebhookAsync(paypal.Account, Inbound(webhook), CancellationToken.None), TimeSpan.FromSeconds(1));

        Assert.Equal(WebhookVerificationStatus.CouldNotVerify, result.Status);
    }

    [Fact]
    public async Task InterpretEventAsync_CaptureCompletedEvent_ReReadsCaptureAndSucceeds()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (attemptId, orderId, snapshot) = await paypal.StartOrderAsync(Usd);
        var captured = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        var webhook = paypal.Fake.CaptureWebhook("PAYMENT.CAPTURE.COMPLETED", captured.TransactionId!);

        var outcome = await paypal.Gateway.InterpretEventAsync(paypal.Account, Stored(webhook), CancellationToken.None);

        Assert.Equal(GatewayEventKind.Payment, outcome.Kind);
        Assert.Equal(attemptId, outcome.AttemptId);
        Assert.Equal(GatewayOutcome.Succeeded, outcome.Result!.Outcome);
        Assert.Equal(captured.TransactionId, outcome.Result.TransactionId);
        Assert.Equal(orderId, outcome.Result.GatewayReference);
        Assert.Equal(Usd, outcome.Result.Amount);
        Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.GetCapture));
    }

    [Fact]
    public async Task InterpretEventAsync_PendingCaptureThenCompletedEvent_NoCreditUntilCompleted()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (attemptId, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.CaptureWithStatus("PENDING", "RECEIVING_PREFERENCE_MANDATES_MANUAL_ACTION"));
        var captured = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        var pendingEvent = paypal.Fake.CaptureWebhook("PAYMENT.CAPTURE.PENDING", captured.TransactionId!);
        var whilePending = await paypal.Gateway.InterpretEventAsync(paypal.Account, Stored(pendingEvent), CancellationToken.None);

        paypal.Fake.SetCaptureStatus(captured.TransactionId!, "COMPLETED");
        var completedEvent = paypal.Fake.CaptureWebhook("PAYMENT.CAPTURE.COMPLETED", captured.TransactionId!);
        var completed = await paypal.Gateway.InterpretEventAsync(paypal.Account, Stored(completedEvent), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Pending, captured.Outcome);
        Assert.Equal(GatewayOutcome.Pending, whilePending.Result!.Outcome);
        Assert.Equal(GatewayOutcome.Succeeded, completed.Result!.Outcome);
        Assert.Equal(attemptId, completed.AttemptId);
        Assert.Equal(captured.TransactionId, completed.Result.TransactionId);
    }

    [Fact]
    public async Task InterpretEventAsync_CompletedEventButCaptureStillPending_TrustsTheApiNotTheBody()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.CaptureWithStatus("PENDING", "PENDING_REVIEW"));
        var captured = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        var forgedBody = paypal.Fake.CaptureWebhook("PAYMENT.CAPTURE.COMPLETED", captured.TransactionId!);
        var node = JsonNode.Parse(forgedBody.Body)!;
        node["resource"]!["status"] = "COMPLETED";

        var outcome = await paypal.Gateway.InterpretEventAsync(paypal.Account,
            new StoredGatewayEvent(Guid.NewGuid(), forgedBody.EventId, forgedBody.EventType, Encoding.UTF8.GetBytes(node.ToJsonString()), forgedBody.Headers),
            CancellationToken.None);

        Assert.Equal(GatewayOutcome.Pending, outcome.Result!.Outcome);
    }

    [Fact]
    public async Task InterpretEventAsync_CaptureDenied_Failed()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (attemptId, _, snapshot) = await paypal.StartOrderAsync(Usd);
        paypal.Fake.Inject(PayPalRoute.Capture, PayPalFault.CaptureWithStatus("PENDING", "PENDING_REVIEW"));
        var captured = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        paypal.Fake.SetCaptureStatus(captured.TransactionId!, "DECLINED");

        var outcome = await paypal.Gateway.InterpretEventAsync(paypal.Account,
            Stored(paypal.Fake.CaptureWebhook("PAYMENT.CAPTURE.DENIED", captured.TransactionId!)), CancellationToken.None);

        Assert.Equal(attemptId, outcome.AttemptId);
        Assert.Equal(GatewayOutcome.Failed, outcome.Result!.Outcome);
    }

    [Fact]
    public async Task InterpretEventAsync_OrderApprovedEvent_CapturesWithOurRequestId()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (attemptId, orderId, _) = await paypal.StartOrderAsync(Usd);

        var outcome = await paypal.Gateway.InterpretEventAsync(paypal.Account, Stored(paypal.Fake.OrderApprovedWebhook(orderId)), CancellationToken.None);
        var duplicate = await paypal.Gateway.InterpretEventAsync(paypal.Account, Stored(paypal.Fake.OrderApprovedWebhook(orderId)), CancellationToken.None);

        Assert.Equal(attemptId, outcome.AttemptId);
        Assert.Equal(GatewayOutcome.Succeeded, outcome.Result!.Outcome);
        Assert.Equal(outcome.Result.TransactionId, duplicate.Result!.TransactionId);
        Assert.Single(paypal.Fake.Captures);
        Assert.All(paypal.Fake.RequestsTo(PayPalRoute.Capture), c => Assert.Equal($"capture-{attemptId}", c.Header("PayPal-Request-Id")));
    }

    [Fact]
    public async Task InterpretEventAsync_RefundedEvent_RefundOfOurAttempt()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var (attemptId, _, snapshot) = await paypal.StartOrderAsync(Usd);
        var captured = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        var refunded = await paypal.Gateway.RefundAsync(paypal.Account,
            new GatewayRefundRequest(Guid.NewGuid(), captured.TransactionId!, Money.FromMinor(500, "USD"), "Partial refund"), CancellationToken.None);

        var outcome = await paypal.Gateway.InterpretEventAsync(paypal.Account, Stored(paypal.Fake.RefundWebhook(refunded.TransactionId!)), CancellationToken.None);

        Assert.Equal(GatewayEventKind.Refund, outcome.Kind);
        Assert.Equal(attemptId, outcome.AttemptId);
        Assert.Equal(GatewayOutcome.Succeeded, outcome.Result!.Outcome);
        Assert.Equal(refunded.TransactionId, outcome.Result.TransactionId);
        Assert.Equal(captured.TransactionId, outcome.Result.GatewayReference);
        Assert.Equal(Money.FromMinor(500, "USD"), outcome.Result.Amount);
    }

    [Fact]
    public async Task InterpretEventAsync_UnhandledType_IgnoredWithReason()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var webhook = paypal.Fake.BuildWebhook("CUSTOMER.DISPUTE.CREATED", "dispute", new JsonObject { ["id"] = "PP-D-12345" });

        var outcome = await paypal.Gateway.InterpretEventAsync(paypal.Account, Stored(webhook), CancellationToken.None);

        Assert.Equal(GatewayEventKind.Ignored, outcome.Kind);
        Assert.Contains("CUSTOMER.DISPUTE.CREATED", outcome.IgnoredReason, StringComparison.Ordinal);
        Assert.Empty(paypal.Fake.Received);
    }

    [Fact]
    public async Task InterpretEventAsync_CaptureReversed_IgnoredWithTheTypeNamedForStaff()
    {
        // Contract §7 row 33: a chargeback is staff work for now, and never a silent 200.
        await using var paypal = await PayPalHarness.StartAsync();
        var (_, orderId, snapshot) = await paypal.StartOrderAsync(Money.FromMinor(1250, "USD"));
        var captured = await paypal.Gateway.ConfirmAsync(paypal.Account, snapshot, CancellationToken.None);
        paypal.Fake.SetCaptureStatus(captured.TransactionId!, "REVERSED", "CHARGEBACK");
        var webhook = paypal.Fake.CaptureWebhook("PAYMENT.CAPTURE.REVERSED", captured.TransactionId!);

        var outcome = await paypal.Gateway.InterpretEventAsync(paypal.Account, Stored(webhook), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Succeeded, captured.Outcome);
        Assert.Equal(GatewayEventKind.Ignored, outcome.Kind);
        Assert.Contains("PAYMENT.CAPTURE.REVERSED", outcome.IgnoredReason, StringComparison.Ordinal);
        Assert.Single(paypal.Fake.Captures.Values, c => c.OrderId == orderId);
    }

    [Fact]
    public async Task InterpretEventAsync_CaptureWithoutOurCustomId_IgnoredWithReason()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var webhook = paypal.Fake.BuildWebhook("PAYMENT.CAPTURE.COMPLETED", "capture", new JsonObject { ["id"] = "9ZZ279541U471931P", ["custom_id"] = "not-ours" });

        var outcome = await paypal.Gateway.InterpretEventAsync(paypal.Account, Stored(webhook), CancellationToken.None);

        Assert.Equal(GatewayEventKind.Ignored, outcome.Kind);
        Assert.False(string.IsNullOrWhiteSpace(outcome.IgnoredReason));
    }

    private static InboundWebhook Inbound(FakePayPalWebhook webhook) => new(webhook.Body, webhook.Headers, "127.0.0.1");

    private static StoredGatewayEvent Stored(FakePayPalWebhook webhook) =>
        new(Guid.NewGuid(), webhook.EventId, webhook.EventType, webhook.Body, webhook.Headers);

    private static string FindFixtures()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "GameHost.Tests", "App", "Features", "Payments", "PayPal", "Fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("PayPal fixtures not found.");
    }
}
