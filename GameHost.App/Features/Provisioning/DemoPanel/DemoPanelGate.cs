using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>
/// What the panel does around every API call (contract §1 and §10): log the request, refuse a missing or wrong key
/// (401, or a 302 to <c>/auth/login</c> when the caller does not ask for JSON), refuse writes to a read-only key (403),
/// count the call against the per-minute limit (<c>X-RateLimit-*</c> headers, 429 with <c>Retry-After</c>), serve an
/// injected failure, and turn error answers into redirects for callers that do not send <c>Accept: application/json</c>.
/// </summary>
public sealed class DemoPanelGate(DemoPanel panel, string apiBasePath) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var request = http.Request;
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(http.RequestAborted);
        http.Items[DemoPanelBody.ItemKey] = body;
        var path = request.Path.Value is { } full && full.StartsWith(apiBasePath, StringComparison.OrdinalIgnoreCase)
            ? full[apiBasePath.Length..]
            : request.Path.Value ?? "";
        var entry = new DemoPanelRequest(panel.Time.GetUtcNow(), request.Method, path, request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body);
        panel.Requests.Add(entry);

        var result = await AnswerAsync(context, next, http, path);
        entry.Status = result switch
        {
            DemoPanelOutcome outcome => outcome.Status,
            IStatusCodeHttpResult { StatusCode: { } status } => status,
            _ => http.Response.StatusCode,
        };
        return result;
    }

    private async ValueTask<object?> AnswerAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, HttpContext http, string path)
    {
        var wantsJson = WantsJson(http.Request);
        var access = panel.Authenticate(BearerToken(http.Request));
        if (access is null)
        {
            return wantsJson
                ? DemoPanelOutcome.Error(new DemoPanelError(401, "AuthenticationException", "Unauthenticated."))
                : Results.Redirect("/auth/login");
        }

        if (access == false && !HttpMethods.IsGet(http.Request.Method))
        {
            return DemoPanelOutcome.Error(new DemoPanelError(403, "AccessDeniedHttpException", "This action is unauthorized."));
        }

        var (allowed, remaining, reset) = panel.CountRequest();
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = panel.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        if (!allowed)
        {
            return RateLimited(http, reset);
        }

        var fault = panel.Faults.Take(http.Request.Method, path);
        if (fault is { AfterCommit: false })
        {
            if (await ServeAsync(fault, http) is { } failed)
            {
                return failed;
            }
        }

        var result = await next(context);
        if (fault is { AfterCommit: true })
        {
            // The change is made (and saved); the caller never hears of it.
            return await ServeAsync(fault, http) ?? result;
        }

        // Without Accept: application/json the panel's error pages are redirects back to where the caller came from.
        return !wantsJson && result is DemoPanelOutcome { Status: >= 400 } ? Results.Redirect("/") : result;
    }

    /// <returns>The failure's answer, or null when the request should go ahead (a slow answer).</returns>
    private async Task<IResult?> ServeAsync(DemoPanelFault fault, HttpContext http)
    {
        switch (fault.Kind)
        {
            case DemoPanelFaultKind.RateLimited:
                http.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers["X-RateLimit-Remaining"] = "0";
                http.Response.Headers["X-RateLimit-Reset"] =
                    (panel.Time.GetUtcNow() + TimeSpan.FromSeconds(fault.RetryAfterSeconds)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                return DemoPanelOutcome.Error(new DemoPanelError(429, "ThrottleRequestsException", "Too Many Attempts."));
            case DemoPanelFaultKind.ServerError:
                return DemoPanelOutcome.Error(new DemoPanelError(500, "QueryException",
                    "An unexpected error was encountered while processing this request, please try again."));
            case DemoPanelFaultKind.DaemonDown:
                return DemoPanelOutcome.Error(new DemoPanelError(504, "DaemonConnectionException",
                    "Could not establish a connection to the machine running this server. Please try again."));
            case DemoPanelFaultKind.Transfer:
                return DemoPanelOutcome.Error(new DemoPanelError(409, "ConflictHttpException",
                    "Cannot toggle suspension status on a server that is currently being transferred."));
            case DemoPanelFaultKind.TwoFactorRequired:
                return DemoPanelOutcome.Error(new DemoPanelError(400, "TwoFactorAuthRequiredException",
                    "Two-factor authentication is required on this account in order to access this endpoint."));
            case DemoPanelFaultKind.RedirectToLogin:
                return Results.Redirect("/auth/login");
            case DemoPanelFaultKind.HtmlPage:
                return Results.Content("<!DOCTYPE html><html><body><h1>Down for maintenance</h1></body></html>", "text/html", Encoding.UTF8, 200);
            case DemoPanelFaultKind.DropConnection:
                http.Abort();
                return Results.Empty;
            case DemoPanelFaultKind.Hang:
                await WaitAsync(TimeSpan.FromDays(1), http);
                return Results.Empty;
            case DemoPanelFaultKind.Slow:
                await WaitAsync(fault.Delay, http);
                return http.RequestAborted.IsCancellationRequested ? Results.Empty : null;
            default:
                throw new InvalidOperationException($"Unknown demo panel fault {fault.Kind}.");
        }
    }

    private async Task WaitAsync(TimeSpan delay, HttpContext http)
    {
        try
        {
            await Task.Delay(delay, panel.Time, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up (its timeout): nobody is listening for the answer any more.
        }
    }

    private DemoPanelOutcome RateLimited(HttpContext http, DateTimeOffset reset)
    {
        var wait = Math.Max(1, (int)Math.Ceiling((reset - panel.Time.GetUtcNow()).TotalSeconds));
        http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return DemoPanelOutcome.Error(new DemoPanelError(429, "ThrottleRequestsException", "Too Many Attempts."));
    }

    /// <summary>The panel answers JSON only when the first type the caller accepts is JSON (<c>/json</c> or <c>+json</c>).</summary>
    private static bool WantsJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        var first = accept.Count > 0 ? accept[0].MediaType.Value : null;
        return first is not null
               && (first.Contains("/json", StringComparison.OrdinalIgnoreCase) || first.Contains("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
