using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// A local Twilio-compatible SMS API: <c>POST [prefix]/2010-04-01/Accounts/{sid}/Messages.json</c> with form fields To, From,
/// Body and basic authentication (401 on wrong credentials). Keeps what was accepted; queued faults answer like
/// Twilio (JSON code/message, Retry-After on 429).
/// </summary>
public sealed class FakeSmsProvider : LoopbackHttpFake
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "sms-secret-token";

    private readonly string _pathPrefix;

    private FakeSmsProvider(string pathPrefix) => _pathPrefix = pathPrefix.TrimEnd('/');

    public ConcurrentQueue<SentSms> Sent { get; } = new();

    /// <summary>The API under the address itself, as Twilio serves it.</summary>
    public Uri ApiBase => _pathPrefix.Length == 0 ? BaseAddress : new Uri(BaseAddress, _pathPrefix);

    /// <summary>Starts the fake; <paramref name="pathPrefix"/> (e.g. <c>/api/laml</c>) serves the API under a path, as SignalWire does.</summary>
    public static async Task<FakeSmsProvider> StartAsync(string pathPrefix = "")
    {
        var fake = new FakeSmsProvider(pathPrefix);
        await fake.ListenAsync();
        return fake;
    }

    public static FakeFault InvalidNumber() => new(400, "The 'To' number is not a valid phone number.");

    protected override void Map(WebApplication app)
    {
        app.MapPost(_pathPrefix + "/2010-04-01/Accounts/{sid}/Messages.json", async (string sid, HttpContext context) =>
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
            if (sid != AccountSid || context.Request.Headers.Authorization.ToString() != expected)
            {
                return Results.Json(new JsonObject { ["code"] = 20003, ["message"] = "Authenticate", ["status"] = 401 }, statusCode: 401);
            }

            var form = await context.Request.ReadFormAsync();
            var sms = new SentSms(form["To"].ToString(), form["From"].ToString(), form["Body"].ToString());
            Sent.Enqueue(sms);
            return Results.Json(new JsonObject { ["sid"] = "SM" + Guid.NewGuid().ToString("N"), ["status"] = "queued", ["to"] = sms.To }, statusCode: 201);
        });
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault)
    {
        context.Response.StatusCode = fault.StatusCode;
        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return context.Response.WriteAsJsonAsync(new JsonObject { ["code"] = 21211, ["message"] = fault.Description, ["status"] = fault.StatusCode });
    }
}

public sealed record SentSms(string To, string From, string Body);
