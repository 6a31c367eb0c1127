using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using GameHost.App.Hosting;
using GameHost.Domain.Payments.Gateways;

namespace GameHost.App.Features.Payments.Webhooks;

/// <summary>
/// <c>POST /webhooks/{gateway}</c> on a branch of its own, taken before the site's middleware: a gateway's callback
/// needs none of the exception and status pages, request localization, cookie authentication, the owner set-up gate,
/// rate limiting of the account forms, antiforgery or the Razor components endpoints, and each of them cost every
/// callback time under a burst. The raw body and headers go to the inbox; the gateway hears 200 as soon as the event
/// is stored (or was stored before), 400 when it is not authentic, 413 when the body is over
/// <see cref="MaxBodyBytes"/>, 404 for an unknown gateway, 405 for anything but POST, and 503 with Retry-After when it
/// could not be checked or stored now (the inbox queue is full, or its write failed). Every answer carries
/// <c>Server-Timing: app;dur=…</c> and the correlation id; none carries a body or a cookie.
/// </summary>
public static class WebhookPipeline
{
    public const long MaxBodyBytes = 256 * 1024;

    public static readonly PathString Prefix = new("/webhooks");

    /// <summary>Branches <c>/webhooks/…</c> off the pipeline; goes before the site's own middleware.</summary>
    public static WebApplication UseGatewayWebhooks(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebhookPipeline).FullName!);
        // A singleton, taken from the root container on first use: a callback opens no request scope of its own.
        var receive = new Lazy<ReceiveWebhook>(() => app.Services.GetRequiredService<ReceiveWebhook>());
        app.MapWhen(http => http.Request.Path.StartsWithSegments(Prefix), branch => branch.Run(http => HandleAsync(http, receive.Value, logger)));
        return app;
    }

    internal static Task HandleAsync(HttpContext http, ReceiveWebhook receive, ILogger logger)
    {
        // The app's own time for the request, beside the sender's round trip (which includes its own queueing).
        var started = Stopwatch.GetTimestamp();
        http.Response.Headers[CorrelationId.HeaderName] = CorrelationId.For(http);
        var request = http.Request;
        request.Path.StartsWithSegments(Prefix, out var rest);
        var gateway = rest.HasValue ? rest.Value[1..] : "";
        int? refused = gateway.Length == 0 || gateway.Contains('/', StringComparison.Ordinal) ? StatusCodes.Status404NotFound
            : !HttpMethods.IsPost(request.Method) ? StatusCodes.Status405MethodNotAllowed
            : request.ContentLength > MaxBodyBytes ? StatusCodes.Status413PayloadTooLarge
            : null;
        if (refused is { } status)
        {
            Answer(http.Response, status, null, started);
            return Task.CompletedTask;
        }

        return ReceiveAsync(http, gateway.ToLowerInvariant(), receive, logger, started);
    }

    /// <summary>Reads, verifies and stores the webhook, then answers. The one state machine a webhook in flight keeps
    /// alive while it waits for its group to commit (under a burst a thousand of them are alive at every collection).</summary>
    private static async Task ReceiveAsync(HttpContext http, string gateway, ReceiveWebhook receive, ILogger logger, long started)
    {
        int status;
        int? retryAfter = null;
        try
        {
            var body = await ReadBodyAsync(http.Request, http.RequestAborted);
            if (body is null)
            {
                status = StatusCodes.Status413PayloadTooLarge;
            }
            else
            {
                var webhook = new InboundWebhook(body, new RequestHeaderView(http.Request.Headers), http.Connection.RemoteIpAddress?.ToString());
                var receipt = await receive.ExecuteAsync(gateway, webhook, http.RequestAborted);
                (status, retryAfter) = receipt.Answer switch
                {
                    WebhookAnswer.Stored => (StatusCodes.Status200OK, null),
                    WebhookAnswer.Invalid => (StatusCodes.Status400BadRequest, null),
                    WebhookAnswer.NoGateway => (StatusCodes.Status404NotFound, null),
                    _ => (StatusCodes.Status503ServiceUnavailable, receipt.RetryAfterSeconds),
                };
            }
        }
        catch (BadHttpRequestException exception)
        {
            // The body ended early or broke the protocol: the sender hears what Kestrel would have said.
            status = exception.StatusCode;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The sender hung up; nobody is listening for the answer.
            return;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "A webhook to {Path} failed", http.Request.Path.Value);
            status = StatusCodes.Status500InternalServerError;
        }

        Answer(http.Response, status, retryAfter, started);
    }

    private static void Answer(HttpResponse response, int status, int? retryAfter, long started)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        if (status == StatusCodes.Status405MethodNotAllowed)
        {
            response.Headers.Allow = HttpMethods.Post;
        }

        if (retryAfter is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"app;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F2}");
        response.ContentLength = 0;
    }

    /// <summary>
    /// The body, read once: straight into an array of its declared length, or (chunked, no length) through a pooled
    /// buffer copied once at the end. Null when it is longer than <see cref="MaxBodyBytes"/>.
    /// </summary>
    internal static ValueTask<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            var reading = request.Body.ReadExactlyAsync(exact, cancellationToken);
            if (!reading.IsCompletedSuccessfully)
            {
                return AfterAsync(reading, exact);
            }

            // Usually the body is in Kestrel's buffer already: a read that finished at once costs no task.
            reading.GetAwaiter().GetResult();
            return ValueTask.FromResult<byte[]?>(exact);
        }

        return ReadUnsizedAsync(request, cancellationToken);

        static async ValueTask<byte[]?> AfterAsync(ValueTask reading, byte[] exact)
        {
            await reading;
            return exact;
        }
    }

    private static async ValueTask<byte[]?> ReadUnsizedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, MaxBodyBytes + 1));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    return buffer.AsSpan(0, filled).ToArray();
                }

                filled += read;
                if (filled > MaxBodyBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
