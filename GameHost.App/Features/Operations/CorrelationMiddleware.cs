using GameHost.App.Hosting;

namespace GameHost.App.Features.Operations;

/// <summary>
/// Tags every response with the request's correlation id (its trace id) so support can match what a user saw to the
/// log lines of that request.
/// </summary>
internal sealed class CorrelationMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var id = CorrelationId.For(context);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[CorrelationId.HeaderName] = id;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
