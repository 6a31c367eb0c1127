using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GameHost.App.Features.Operations;

/// <summary>A small JSON body for monitors: overall status and each check's status and duration.</summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalMilliseconds = (long)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), milliseconds = (long)e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
