using System.Globalization;
using System.Text.Json;
using GameHost.Domain.Provisioning.Panel;

namespace GameHost.App.Features.Provisioning.Pterodactyl;

/// <summary>
/// Turns a panel answer that is not a success into a classified <see cref="PanelFailure"/> (contract §4 and the
/// "error class → action" table of §8). The class comes from the HTTP status and the panel's exception code, never from
/// the wording of <c>detail</c>.
/// </summary>
public static class PanelErrorMapper
{
    public const string DaemonConnection = "DaemonConnectionException";
    public const string TwoFactorRequired = "TwoFactorAuthRequiredException";
    public const string NoViableNode = "NoViableNodeException";
    public const string NoViableAllocation = "NoViableAllocationException";

    /// <summary>The answer was not JSON: a proxy, maintenance or login page means the panel is not reachable as set up.</summary>
    public static PanelFailure NotJson(int status, string? contentType) =>
        new(PanelFailureKind.Credentials, status, "NotJson",
            $"The panel answered {status.ToString(CultureInfo.InvariantCulture)} with {(string.IsNullOrEmpty(contentType) ? "no content type" : contentType)} instead of JSON. Check the panel URL and any proxy in front of it.");

    public static PanelFailure Redirect(int status, string? location) =>
        new(PanelFailureKind.Credentials, status, "Redirect",
            $"The panel redirected to {location ?? "another page"} instead of answering. Check the panel URL and the API key (a redirect to /auth/login means the key was refused).");

    public static PanelFailure NotConfigured() =>
        new(PanelFailureKind.Credentials, null, "PanelNotConfigured", "No game panel is connected. Enter the panel URL and API key in the settings.");

    public static PanelFailure Timeout(TimeSpan after) =>
        new(PanelFailureKind.OutcomeUnknown, null, "Timeout",
            $"The panel did not answer within {after.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s. It may still have carried out the request.");

    public static PanelFailure ConnectionFailed(Exception exception) =>
        new(PanelFailureKind.OutcomeUnknown, null, "ConnectionFailed",
            $"The connection to the panel failed: {exception?.Message}. It may still have carried out the request.");

    public static PanelFailure RateLimited(TimeSpan retryAfter) =>
        new(PanelFailureKind.RateLimited, 429, "ThrottleRequestsException", "The panel is refusing requests for now (rate limit).", RetryAfter: retryAfter);

    /// <summary>Classifies a non-success answer that came with a body (possibly empty or not JSON).</summary>
    public static PanelFailure FromResponse(int status, string? contentType, string body, TimeSpan? retryAfter)
    {
        if (status is >= 300 and < 400)
        {
            return Redirect(status, null);
        }

        var entries = ReadErrors(body);
        if (entries is null)
        {
            // A 5xx without a JSON body is a proxy or gateway page while the panel is down: it may have acted.
            return status >= 500
                ? new PanelFailure(PanelFailureKind.OutcomeUnknown, status, "ServerError",
                    $"The panel answered {status.ToString(CultureInfo.InvariantCulture)} without details. It may still have carried out the request.")
                : NotJson(status, contentType);
        }

        if (entries.Count == 0)
        {
            entries = [new ErrorEntry("UnknownError", $"The panel answered {status.ToString(CultureInfo.InvariantCulture)}.", null, null)];
        }

        var kind = Classify(status, entries);
        var primary = kind == PanelFailureKind.Duplicate ? entries.First(e => e.Rule == "unique") : entries[0];
        var all = entries.Select(e => ToFailure(kind, status, e, retryAfter)).ToList();
        return ToFailure(kind, status, primary, retryAfter) with { All = all };
    }

    private static PanelFailureKind Classify(int status, IReadOnlyList<ErrorEntry> entries)
    {
        var code = entries[0].Code;
        // A failed call to the node daemon carries its own code under several statuses (504, 502, or Wings' own).
        if (entries.Any(e => e.Code == DaemonConnection))
        {
            return PanelFailureKind.DaemonUnavailable;
        }

        return status switch
        {
            429 => PanelFailureKind.RateLimited,
            401 or 403 or 419 => PanelFailureKind.Credentials,
            400 when code == TwoFactorRequired => PanelFailureKind.Credentials,
            400 when code is NoViableNode or NoViableAllocation => PanelFailureKind.OutOfStock,
            422 when entries.Any(e => e.Rule == "unique") => PanelFailureKind.Duplicate,
            404 => PanelFailureKind.NotFound,
            409 => PanelFailureKind.Conflict,
            >= 500 => PanelFailureKind.OutcomeUnknown,
            _ => PanelFailureKind.InvalidRequest,
        };
    }

    private static PanelFailure ToFailure(PanelFailureKind kind, int status, ErrorEntry entry, TimeSpan? retryAfter) =>
        new(kind, status, entry.Code, entry.Detail, entry.SourceField, entry.Rule, kind == PanelFailureKind.RateLimited ? retryAfter : null);

    /// <summary>The <c>errors</c> array; null when the body is not a JSON error document at all.</summary>
    private static List<ErrorEntry>? ReadErrors(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("errors", out var errors)
                || errors.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var result = new List<ErrorEntry>();
            foreach (var error in errors.EnumerateArray())
            {
                var meta = error.TryGetProperty("meta", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
                result.Add(new ErrorEntry(
                    PanelJson.Str(error, "code") ?? "UnknownError",
                    PanelJson.Str(error, "detail") ?? "",
                    meta.ValueKind == JsonValueKind.Object ? PanelJson.Str(meta, "source_field") : null,
                    meta.ValueKind == JsonValueKind.Object ? PanelJson.Str(meta, "rule") : null));
            }

            return result;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record ErrorEntry(string Code, string Detail, string? SourceField, string? Rule);
}
