using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Notifications.Settings;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Notifications.Sms;

/// <summary>
/// SMS through any provider that speaks Twilio's Messages API: <c>POST {base}/2010-04-01/Accounts/{sid}/Messages.json</c>
/// (the base may carry a path of its own)
/// with form fields To, From, Body and basic authentication. 429 and 5xx are retried (honouring Retry-After), other
/// 4xx are permanent (a bad number, a refused sender), network trouble and time-outs are retried.
/// </summary>
public sealed class TwilioCompatibleSmsChannel(
    ChannelConfig config, IHttpClientFactory httpClients, IOptions<SmsOptions> options) : INotificationChannel
{
    public const string HttpClientName = "sms";

    /// <summary>Ten SMS segments; longer texts are cut.</summary>
    public const int MaxLength = 1600;

    public NotificationChannel Channel => NotificationChannel.Sms;

    public async Task<ChannelSendResult> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sms = await config.SmsAsync(cancellationToken);
        if (sms is null)
        {
            return ChannelSendResult.Transient("SMS is not configured or switched off.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, MessagesUrl(sms.BaseUrl, sms.AccountSid))
        {
            Content = new FormUrlEncodedContent(
            [
                new KeyValuePair<string, string>("To", message.Destination),
                new KeyValuePair<string, string>("From", sms.FromNumber),
                new KeyValuePair<string, string>("Body", message.Text.Length <= MaxLength ? message.Text : message.Text[..MaxLength]),
            ]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sms.AccountSid}:{sms.AuthToken}")));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return ChannelSendResult.Sent();
            }

            var detail = await ErrorDetailAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
            {
                return ChannelSendResult.Transient($"{status} {detail}", RetryAfter(response));
            }

            return response.StatusCode == HttpStatusCode.Unauthorized
                ? ChannelSendResult.Transient($"{status} {detail} (check the account id and token)")
                : ChannelSendResult.Permanent($"{status} {detail}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ChannelSendResult.Transient($"The SMS provider did not answer within {options.Value.TimeoutSeconds} s.");
        }
        catch (HttpRequestException ex)
        {
            return ChannelSendResult.Transient($"SMS provider unreachable: {ex.Message}");
        }
    }

    /// <summary>
    /// The Messages resource under the configured base URL, path included: providers that speak the API under a path
    /// of their own (SignalWire's <c>https://space.signalwire.com/api/laml</c>) keep it. A URL resolved against the
    /// base with a leading slash would drop that path.
    /// </summary>
    internal static Uri MessagesUrl(Uri baseUrl, string accountSid) =>
        new(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + $"/2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Messages.json");

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.TryGetValues("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : null);

    /// <summary>Twilio answers errors as JSON with code and message; anything else is shown cut short.</summary>
    private static async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            var code = json.RootElement.TryGetProperty("code", out var c) ? c.ToString() : null;
            var text = json.RootElement.TryGetProperty("message", out var m) ? m.GetString() : null;
            if (text is not null)
            {
                return code is null ? text : $"{text} (code {code})";
            }
        }
        catch (JsonException)
        {
        }

        return body.Length <= 200 ? body : body[..200];
    }
}
