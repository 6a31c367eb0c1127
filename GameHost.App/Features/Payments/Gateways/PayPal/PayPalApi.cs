using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Payments.Gateways.PayPal;

public enum PayPalAnswerKind
{
    /// <summary>A 2xx with a JSON body (or none).</summary>
    Success = 1,

    /// <summary>PayPal answered with an error status; <see cref="PayPalAnswer.Status"/> and the issue say which.</summary>
    Error = 2,

    /// <summary>The request never reached PayPal (no token, connect refused, not configured): nothing happened there.</summary>
    NotSent = 3,

    /// <summary>Sent, but no usable answer (timeout, dropped connection): it may or may not have taken effect.</summary>
    NoAnswer = 4,
}

/// <summary>One PayPal exchange, classified. <see cref="Code"/> is the error <c>issue</c> (else <c>name</c>) or an adapter code.</summary>
public sealed record PayPalAnswer(
    PayPalAnswerKind Kind, int Status, JsonElement Body, string? Raw, string? Code, string? Message, string? DebugId)
{
    public bool IsSuccess => Kind == PayPalAnswerKind.Success;
}

/// <summary>
/// The HTTP exchange with PayPal's REST API: bearer token from <see cref="PayPalTokenCache"/>, JSON bodies, the
/// <c>PayPal-Request-Id</c> and <c>Prefer</c> headers, a per-call deadline on the injected clock, one token refresh
/// and retry after a 401, and one wait-and-retry with the same request id after a 429 (contract §1.1, §2.2–2.3, §2.9).
/// </summary>
public sealed class PayPalApi(
    IHttpClientFactory httpClients,
    PayPalTokenCache tokens,
    IOptions<PayPalGatewayOptions> options,
    TimeProvider time,
    ILogger<PayPalApi> logger)
{
    public static Uri BaseUrl(GatewayAccountConfig account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var configured = account.Get(PayPalSettings.BaseUrl)
            ?? (account.Sandbox ? PayPalSettings.SandboxBaseUrl : PayPalSettings.LiveBaseUrl);
        return new Uri(configured.TrimEnd('/') + "/", UriKind.Absolute);
    }

    /// <summary>Fetches (or reuses) the account's token: staff's "test connection".</summary>
    public Task<PayPalToken> TokenAsync(GatewayAccountConfig account, CancellationToken cancellationToken) =>
        tokens.GetAsync(account, BaseUrl(account), cancellationToken);

    public async Task<PayPalAnswer> SendAsync(
        GatewayAccountConfig account, HttpMethod method, string path, string? jsonBody, string? requestId, CancellationToken cancellationToken)
    {
        Uri baseUrl;
        try
        {
            baseUrl = BaseUrl(account);
        }
        catch (UriFormatException)
        {
            return NotSent(PayPalErrorCodes.NotConfigured, "The PayPal API base URL is not a valid URL.");
        }

        var refreshed = false;
        var waited = false;
        while (true)
        {
            var token = await tokens.GetAsync(account, baseUrl, cancellationToken);
            if (!token.Ok)
            {
                return NotSent(token.ErrorCode!, token.ErrorMessage!);
            }

            var answer = await ExchangeAsync(baseUrl, method, path, jsonBody, requestId, token.AccessToken!, cancellationToken);
            if (answer.Answer.Kind == PayPalAnswerKind.Error && answer.Answer.Status == 401 && !refreshed)
            {
                refreshed = true;
                logger.LogInformation("PayPal answered 401 to {Method} {Path}: refreshing the token once", method, path);
                tokens.Invalidate(account, baseUrl, token.AccessToken!);
                continue;
            }

            if (answer.Answer.Kind == PayPalAnswerKind.Error && answer.Answer.Status == 429 && !waited)
            {
                waited = true;
                var wait = answer.RetryAfter ?? TimeSpan.FromSeconds(Math.Max(0, options.Value.DefaultRetryAfterSeconds));
                if (wait <= TimeSpan.FromSeconds(options.Value.MaxRetryAfterSeconds))
                {
                    logger.LogInformation("PayPal rate limit on {Method} {Path}: retrying in {Seconds} s with the same request id", method, path, wait.TotalSeconds);
                    await Task.Delay(wait, time, cancellationToken);
                    continue;
                }
            }

            if (answer.Answer.Kind != PayPalAnswerKind.Success)
            {
                logger.LogWarning(
                    "PayPal {Method} {Path} ended {Kind} {Status} {Code}, debug id {DebugId}",
                    method, path, answer.Answer.Kind, answer.Answer.Status, answer.Answer.Code, answer.Answer.DebugId);
            }

            return answer.Answer;
        }
    }

    private async Task<(PayPalAnswer Answer, TimeSpan? RetryAfter)> ExchangeAsync(
        Uri baseUrl, HttpMethod method, string path, string? jsonBody, string? requestId, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path.TrimStart('/')));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (method == HttpMethod.Post)
        {
            request.Headers.TryAddWithoutValidation("Prefer", "return=representation");
            request.Content = new StringContent(jsonBody ?? "{}", Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (requestId is not null)
        {
            request.Headers.TryAddWithoutValidation("PayPal-Request-Id", requestId);
        }

        var timeout = options.Value.RequestTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await httpClients.CreateClient(PayPalGatewayRegistration.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            return (Interpret(response, text), RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (NoAnswer(PayPalErrorCodes.Timeout, $"PayPal did not answer within {timeout.TotalSeconds:0} s."), null);
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError is HttpRequestError.ConnectionError
                                                          or HttpRequestError.NameResolutionError
                                                          or HttpRequestError.SecureConnectionError
                                                          or HttpRequestError.ProxyTunnelError)
        {
            return (NotSent(PayPalErrorCodes.Unavailable, "PayPal could not be reached: " + exception.Message), null);
        }
        catch (HttpRequestException exception)
        {
            return (NoAnswer(PayPalErrorCodes.Unavailable, "The connection to PayPal failed after sending: " + exception.Message), null);
        }
        catch (IOException exception)
        {
            return (NoAnswer(PayPalErrorCodes.Unavailable, "The connection to PayPal dropped: " + exception.Message), null);
        }
    }

    private static PayPalAnswer Interpret(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        var debugId = response.Headers.TryGetValues("Paypal-Debug-Id", out var values) ? values.FirstOrDefault() : null;
        var body = default(JsonElement);
        if (text.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                body = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                body = default;
            }
        }

        if (status is >= 200 and < 300)
        {
            return body.ValueKind is JsonValueKind.Object
                ? new PayPalAnswer(PayPalAnswerKind.Success, status, body, text, null, null, debugId)
                : new PayPalAnswer(PayPalAnswerKind.NoAnswer, status, body, text, PayPalErrorCodes.UnexpectedAnswer, "PayPal answered without JSON.", debugId);
        }

        string? code = null;
        string? message = null;
        if (body.ValueKind == JsonValueKind.Object)
        {
            debugId ??= Str(body, "debug_id");
            message = Str(body, "message") ?? Str(body, "error_description");
            if (body.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array && details.GetArrayLength() > 0)
            {
                code = Str(details[0], "issue");
                message = Str(details[0], "description") ?? message;
            }

            code ??= Str(body, "name") ?? Str(body, "error");
        }

        code ??= status >= 500 ? PayPalErrorCodes.Unavailable : "HTTP_" + status.ToString(CultureInfo.InvariantCulture);
        message ??= $"PayPal answered {status}.";

        // A 5xx may come after the action took effect: its outcome is unknown, like a timeout.
        return status >= 500
            ? new PayPalAnswer(PayPalAnswerKind.NoAnswer, status, body, text, code, message, debugId)
            : new PayPalAnswer(PayPalAnswerKind.Error, status, body, text, code, message, debugId);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    internal static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static PayPalAnswer NotSent(string code, string message) =>
        new(PayPalAnswerKind.NotSent, 0, default, null, code, message, null);

    private static PayPalAnswer NoAnswer(string code, string message) =>
        new(PayPalAnswerKind.NoAnswer, 0, default, null, code, message, null);
}
