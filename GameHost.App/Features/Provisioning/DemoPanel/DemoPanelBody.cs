using System.Text.Json;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>The request body, read once by the gate (for the request log) and parsed here for the handlers.</summary>
public static class DemoPanelBody
{
    internal const string ItemKey = "demo-panel.body";

    /// <summary>The JSON body (an empty body reads as <c>{}</c>); null with the panel's 400 when it is not JSON.</summary>
    public static JsonElement? Parse(HttpContext http, out DemoPanelOutcome? error)
    {
        ArgumentNullException.ThrowIfNull(http);
        error = null;
        var text = http.Items[ItemKey] as string ?? "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return JsonDocument.Parse("{}").RootElement.Clone();
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            error = DemoPanelOutcome.Error(new DemoPanelError(400, "BadRequestHttpException",
                "The JSON data passed in the request appears to be malformed: Syntax error"));
            return null;
        }
    }

    /// <summary>The <c>include</c> list of the query string.</summary>
    public static IReadOnlySet<string> Includes(HttpRequest request) =>
        request.Query["include"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
