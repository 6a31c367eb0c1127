using System.Diagnostics;

namespace GameHost.App.Hosting;

/// <summary>
/// The reference a user can quote to support: the request's trace id when there is one, so it matches the
/// structured logs of that request, otherwise a fresh short id.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";

    public static string New() => Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");

    public static string For(HttpContext context) =>
        Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
}
