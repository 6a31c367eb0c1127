using System.Diagnostics;
using System.Globalization;
using GameHost.App.Features.Customers;
using Microsoft.AspNetCore.Diagnostics;
using GameHost.Domain.Payments.Gateways;

namespace GameHost.App.Features.Payments.Webhooks;

/// <summary>
/// <c>POST /webhooks/{gateway}</c>: the raw body and headers go to the inbox; the gateway hears 200 as soon as the event
/// is stored (or was stored before), 400 when it is not authentic, 503 with Retry-After when it could not be checked or
/// stored now (the inbox queue is full, or its write failed). Every answer carries <c>Server-Timing: app;dur=…</c>.
/// <c>GET /pay/return/{attemptId}</c>: the buyer back from a hosted checkout; the payment is confirmed and the buyer
/// lands on the invoice (or the balance page for a top-up).
/// </summary>
public static class GatewayEndpoints
{
    public const long MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapPaymentGatewayEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/webhooks/{gateway}", async (string gateway, HttpContext http, ReceiveWebhook receive) =>
        {
            // The app's own time for the request, beside the sender's round trip (which includes its own queueing).
            var started = Stopwatch.GetTimestamp();
            // The gateway reads the status code, not a page: without this the site's status pages re-execute a 404 or
            // 503 as a page request, which a POST without an antiforgery token turns into 400 — "do not retry".
            if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }

            http.Response.OnStarting(() =>
            {
                http.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"app;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F2}");
                return Task.CompletedTask;
            });
            if (http.Request.ContentLength > MaxBodyBytes)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            if (buffer.Length > MaxBodyBytes)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var receipt = await receive.ExecuteAsync(gateway.ToLowerInvariant(), new InboundWebhook(buffer.ToArray(), headers, http.Connection.RemoteIpAddress?.ToString()),
                http.RequestAborted);
            if (receipt.Answer == WebhookAnswer.RetryLater && receipt.RetryAfterSeconds is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return receipt.Answer switch
            {
                WebhookAnswer.Stored => Results.Ok(),
                WebhookAnswer.Invalid => Results.BadRequest(),
                WebhookAnswer.NoGateway => Results.NotFound(),
                _ => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
            };
        }).DisableAntiforgery().AllowAnonymous();

        endpoints.MapGet("/pay/return/{attemptId:guid}", async (Guid attemptId, HttpContext http, ConfirmReturn confirm) =>
        {
            if (SignedInUser.Id(http.User) is not { } customerId)
            {
                return Results.Challenge();
            }

            var result = await confirm.ExecuteAsync(customerId, attemptId, http.RequestAborted);
            if (!result.IsSuccess)
            {
                return Results.Redirect("/cabinet/billing");
            }

            var attempt = result.Value;
            var target = attempt.InvoiceId is { } invoiceId ? $"/cabinet/billing/invoices/{invoiceId:D}" : "/cabinet/billing/balance";
            return Results.Redirect($"{target}?attempt={attempt.Id:D}");
        }).RequireAuthorization();
        return endpoints;
    }
}
