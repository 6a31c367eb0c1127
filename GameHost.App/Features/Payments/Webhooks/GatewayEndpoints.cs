using GameHost.App.Features.Customers;
using GameHost.Domain.Payments.Gateways;

namespace GameHost.App.Features.Payments.Webhooks;

/// <summary>
/// The gateway webhooks (<c>POST /webhooks/{gateway}</c>) have a pipeline branch of their own, see
/// <see cref="WebhookPipeline"/>. <c>GET /pay/return/{attemptId}</c>: the buyer back from a hosted checkout; the payment is confirmed and the buyer
/// lands on the invoice (or the balance page for a top-up).
/// </summary>
public static class GatewayEndpoints
{
    public const long MaxBodyBytes = WebhookPipeline.MaxBodyBytes;

    public static IEndpointRouteBuilder MapPaymentGatewayEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
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
