using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// A local stand-in for the Telegram Bot API (<c>POST /bot{token}/{method}</c>, JSON in, <c>{"ok":…}</c> out) that
/// knows sendMessage and getUpdates. It keeps what was sent, serves queued incoming messages, answers an unknown
/// token with 401, and answers queued faults the way Telegram does (429 with parameters.retry_after, 403 "bot was
/// blocked by the user", 5xx, no answer at all).
/// </summary>
public sealed class FakeTelegramBotApi : LoopbackHttpFake
{
    public const string Token = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl";

    private readonly ConcurrentQueue<JsonObject> _updates = new();
    private int _messageId;

    private FakeTelegramBotApi()
    {
    }

    public ConcurrentQueue<SentTelegramMessage> Sent { get; } = new();

    public ConcurrentQueue<long> GetUpdatesOffsets { get; } = new();

    public static async Task<FakeTelegramBotApi> StartAsync()
    {
        var fake = new FakeTelegramBotApi();
        await fake.ListenAsync();
        return fake;
    }

    public void AddIncoming(long updateId, long chatId, string text, string username = "player")
    {
        _updates.Enqueue(new JsonObject
        {
            ["update_id"] = updateId,
            ["message"] = new JsonObject
            {
                ["message_id"] = updateId,
                ["date"] = 1_772_000_000,
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["username"] = username },
                ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "P", ["username"] = username },
                ["text"] = text,
            },
        });
    }

    public static FakeFault TooManyRequests(int retryAfterSeconds) =>
        new(429, $"Too Many Requests: retry after {retryAfterSeconds}", retryAfterSeconds);

    public static FakeFault Blocked() => new(403, "Forbidden: bot was blocked by the user");

    public static FakeFault ServerError() => new(502, "Bad Gateway");

    protected override void Map(WebApplication app)
    {
        app.MapPost("/{bot}/{method}", async (string bot, string method, HttpContext context) =>
        {
            if (bot != "bot" + Token)
            {
                return Error(401, "Unauthorized");
            }

            var body = await ReadBodyAsync(context.Request);
            switch (method)
            {
                case "sendMessage":
                    var chatId = long.Parse(body["chat_id"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
                    var text = body["text"]?.ToString() ?? "";
                    Sent.Enqueue(new SentTelegramMessage(chatId, text, body["parse_mode"]?.ToString()));
                    return Ok(new JsonObject
                    {
                        ["message_id"] = Interlocked.Increment(ref _messageId),
                        ["date"] = 1_772_000_000,
                        ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
                        ["text"] = text,
                    });
                case "getUpdates":
                    var offset = body["offset"] is { } o ? long.Parse(o.ToString(), System.Globalization.CultureInfo.InvariantCulture) : 0;
                    GetUpdatesOffsets.Enqueue(offset);
                    var result = new JsonArray();
                    foreach (var update in _updates.Where(u => u["update_id"]!.GetValue<long>() >= offset))
                    {
                        result.Add(update.DeepClone());
                    }

                    return Ok(result);
                default:
                    return Error(404, "Not Found: method not found");
            }
        });
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = fault.StatusCode, ["description"] = fault.Description };
        if (fault.RetryAfterSeconds is { } seconds)
        {
            error["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }

        context.Response.StatusCode = fault.StatusCode;
        return context.Response.WriteAsJsonAsync(error);
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        if (request.HasJsonContentType())
        {
            return (await JsonNode.ParseAsync(request.Body))?.AsObject() ?? [];
        }

        var json = new JsonObject();
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                json[key] = value.ToString();
            }
        }

        return json;
    }

    private static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    private static IResult Error(int code, string description) =>
        Results.Json(new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description }, statusCode: code);
}

public sealed record SentTelegramMessage(long ChatId, string Text, string? ParseMode);
