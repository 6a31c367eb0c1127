using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GameHost.Domain.Provisioning.Panel;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Provisioning.Pterodactyl;

/// <summary>How long a call may take: the panel's writes wait for its own calls to the node daemon.</summary>
public enum PanelCallKind
{
    Read = 0,
    Write = 1,
    Create = 2,
}

/// <summary>A successful answer: the parsed body, or null for 204.</summary>
public sealed record PanelResponse(int Status, JsonElement? Body);

/// <summary>
/// One HTTP exchange with the panel (contract §1): the connection read per call, <c>Accept: application/json</c> on
/// every request and <c>Content-Type: application/json</c> on bodies, no cookies and no redirects (the handler is set
/// up so in the registration), a per-call timeout by kind, the shared pace of <see cref="PanelRateLimiter"/>, and 429s
/// waited out and retried. Everything that is not a JSON success comes back as a classified failure.
/// </summary>
public sealed class PanelTransport(
    IHttpClientFactory httpClients,
    IPanelConnectionSource connections,
    PanelRateLimiters limiters,
    IOptions<PterodactylClientOptions> options,
    TimeProvider time,
    ILogger<PanelTransport> logger)
{
    public const string HttpClientName = "pterodactyl";

    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    public async Task<PanelResult<PanelResponse>> SendAsync(
        HttpMethod method, string pathAndQuery, JsonNode? body, PanelCallKind kind, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(cancellationToken);
        if (connection is null)
        {
            return PanelErrorMapper.NotConfigured();
        }

        var settings = options.Value;
        var limiter = limiters.For(connection);
        var uri = new Uri(connection.ApplicationApiBaseUrl.ToString().TrimEnd('/') + pathAndQuery);
        var timeout = kind switch
        {
            PanelCallKind.Create => settings.CreateTimeout,
            PanelCallKind.Write => settings.WriteTimeout,
            _ => settings.ReadTimeout,
        };

        for (var rateLimited = 0; ; rateLimited++)
        {
            await limiter.AcquireAsync(cancellationToken);
            var outcome = await ExchangeAsync(method, uri, connection.ApiKey, body, timeout, cancellationToken);
            if (outcome.Failure is not { Kind: PanelFailureKind.RateLimited } failure)
            {
                return outcome;
            }

            var retryAfter = failure.RetryAfter ?? TimeSpan.FromMinutes(1);
            limiter.PauseFor(retryAfter);
            if (rateLimited >= settings.RateLimitRetries || retryAfter > TimeSpan.FromSeconds(settings.MaxRetryAfterSeconds))
            {
                logger.LogWarning("Panel rate limit: {Method} {Path} gave up after {Count} 429 answers", method, uri.AbsolutePath, rateLimited + 1);
                return failure;
            }

            // The limiter now holds every caller (this one too) until Retry-After has passed; then the same request goes again.
            logger.LogInformation("Panel rate limit: waiting {Seconds} s before retrying {Method} {Path}", retryAfter.TotalSeconds, method, uri.AbsolutePath);
        }
    }

    private async Task<PanelResult<PanelResponse>> ExchangeAsync(
        HttpMethod method, Uri uri, string apiKey, JsonNode? body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Accept.Add(Json);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            return Interpret(response, text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Panel call timed out after {Seconds} s: {Method} {Path}", timeout.TotalSeconds, method, uri.AbsolutePath);
            return PanelErrorMapper.Timeout(timeout);
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning(exception, "Panel connection failed: {Method} {Path}", method, uri.AbsolutePath);
            return PanelErrorMapper.ConnectionFailed(exception);
        }
        catch (IOException exception)
        {
            logger.LogWarning(exception, "Panel connection dropped: {Method} {Path}", method, uri.AbsolutePath);
            return PanelErrorMapper.ConnectionFailed(exception);
        }
    }

    private PanelResult<PanelResponse> Interpret(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (status is >= 300 and < 400)
        {
            return PanelErrorMapper.Redirect(status, response.Headers.Location?.ToString());
        }

        if (status is < 200 or >= 300)
        {
            return PanelErrorMapper.FromResponse(status, contentType, text, RetryAfter(response));
        }

        if (status == 204 || text.Length == 0)
        {
            return new PanelResponse(status, null);
        }

        if (!IsJson(contentType))
        {
            return PanelErrorMapper.NotJson(status, contentType);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return new PanelResponse(status, document.RootElement.Clone());
        }
        catch (JsonException)
        {
            return PanelErrorMapper.NotJson(status, contentType);
        }
    }

    /// <summary><c>application/json</c> or any <c>+json</c> type.</summary>
    private static bool IsJson(string? mediaType) =>
        mediaType is not null
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

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

        // Some proxies send only the reset instant.
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
