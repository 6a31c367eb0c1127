using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Payments.Gateways.PayPal;

/// <summary>A bearer token, or why there is none.</summary>
public sealed record PayPalToken(string? AccessToken, string? ErrorCode, string? ErrorMessage, bool Reached)
{
    public bool Ok => AccessToken is not null;
}

/// <summary>
/// OAuth2 client-credentials tokens (contract §2.2), one per API base URL and client id, shared by every call. A token
/// is refreshed when less than the margin (at most a tenth of its lifetime) remains; concurrent callers wait on one
/// request (single flight); a token the API rejected with 401 is dropped so the next caller fetches a fresh one.
/// </summary>
public sealed class PayPalTokenCache(
    IHttpClientFactory httpClients, IOptions<PayPalGatewayOptions> options, TimeProvider time, ILogger<PayPalTokenCache> logger)
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public async Task<PayPalToken> GetAsync(GatewayAccountConfig account, Uri baseUrl, CancellationToken cancellationToken)
    {
        var clientId = account.Get(PayPalSettings.ClientId);
        var secret = account.Get(PayPalSettings.ClientSecret);
        if (clientId is null || secret is null)
        {
            return new PayPalToken(null, PayPalErrorCodes.NotConfigured, "The PayPal client id and secret are not configured.", Reached: false);
        }

        var slot = _slots.GetOrAdd(Key(baseUrl, clientId, secret), _ => new Slot());
        if (slot.Current is { } fresh && IsFresh(fresh))
        {
            return new PayPalToken(fresh.AccessToken, null, null, Reached: true);
        }

        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            if (slot.Current is { } current && IsFresh(current))
            {
                return new PayPalToken(current.AccessToken, null, null, Reached: true);
            }

            var (token, failure) = await RequestAsync(baseUrl, clientId, secret, cancellationToken);
            if (token is not null)
            {
                slot.Current = token;
                return new PayPalToken(token.AccessToken, null, null, Reached: true);
            }

            return failure!;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Drops a token the API answered 401 to, unless another caller already replaced it.</summary>
    public void Invalidate(GatewayAccountConfig account, Uri baseUrl, string accessToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (_slots.TryGetValue(Key(baseUrl, account.Get(PayPalSettings.ClientId) ?? "", account.Get(PayPalSettings.ClientSecret) ?? ""), out var slot)
            && slot.Current is { } current && current.AccessToken == accessToken)
        {
            slot.Current = null;
        }
    }

    /// <summary>One cache entry per API, client id and secret: a changed secret never reuses the old token.</summary>
    private static string Key(Uri baseUrl, string clientId, string secret) =>
        baseUrl + "|" + clientId + "|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private bool IsFresh(CachedToken token)
    {
        var margin = TimeSpan.FromSeconds(Math.Max(0, options.Value.TokenRefreshMarginSeconds));
        var tenth = token.Lifetime / 10;
        if (tenth < margin)
        {
            margin = tenth;
        }

        return time.GetUtcNow() < token.ExpiresAt - margin;
    }

    private async Task<(CachedToken? Token, PayPalToken? Failure)> RequestAsync(
        Uri baseUrl, string clientId, string secret, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "/v1/oauth2/token"));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + secret)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("grant_type", "client_credentials")]);

        var timeout = options.Value.RequestTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var issuedAt = time.GetUtcNow();
            using var response = await httpClients.CreateClient(PayPalGatewayRegistration.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            var status = (int)response.StatusCode;
            if (status == 200 && TryParseToken(text, issuedAt, out var token))
            {
                return (token, null);
            }

            var (error, description) = ParseOAuthError(text);
            logger.LogWarning("PayPal token request answered {Status} {Error}", status, error);
            return status is 400 or 401 or 403
                ? (null, new PayPalToken(null, PayPalErrorCodes.AuthenticationFailed, $"PayPal refused the credentials ({error}): {description}", Reached: true))
                : (null, new PayPalToken(null, PayPalErrorCodes.Unavailable, $"PayPal's token endpoint answered {status}.", Reached: true));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("PayPal token request timed out after {Seconds} s", timeout.TotalSeconds);
            return (null, new PayPalToken(null, PayPalErrorCodes.Unavailable, "PayPal's token endpoint did not answer in time.", Reached: true));
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning(exception, "PayPal token request failed");
            return (null, new PayPalToken(null, PayPalErrorCodes.Unavailable, "PayPal could not be reached: " + exception.Message, Reached: false));
        }
        catch (IOException exception)
        {
            logger.LogWarning(exception, "PayPal token request dropped");
            return (null, new PayPalToken(null, PayPalErrorCodes.Unavailable, "PayPal dropped the connection: " + exception.Message, Reached: true));
        }
    }

    private static bool TryParseToken(string text, DateTimeOffset issuedAt, out CachedToken token)
    {
        token = default!;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (!root.TryGetProperty("access_token", out var access) || access.GetString() is not { Length: > 0 } value)
            {
                return false;
            }

            var seconds = root.TryGetProperty("expires_in", out var expires) && expires.ValueKind == JsonValueKind.Number
                ? expires.GetInt64()
                : long.TryParse(expires.ValueKind == JsonValueKind.String ? expires.GetString() : null, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            var lifetime = TimeSpan.FromSeconds(Math.Max(0, seconds));
            token = new CachedToken(value, issuedAt + lifetime, lifetime);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (string Error, string Description) ParseOAuthError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var error = root.TryGetProperty("error", out var e) ? e.GetString() : null;
            error ??= root.TryGetProperty("name", out var n) ? n.GetString() : null;
            var description = root.TryGetProperty("error_description", out var d) ? d.GetString()
                : root.TryGetProperty("message", out var m) ? m.GetString() : null;
            return (error ?? "unknown", description ?? "");
        }
        catch (JsonException)
        {
            return ("unknown", "");
        }
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset ExpiresAt, TimeSpan Lifetime);

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile CachedToken? Current;
    }
}
