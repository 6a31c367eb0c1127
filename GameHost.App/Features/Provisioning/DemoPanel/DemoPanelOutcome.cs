using System.Text;
using System.Text.Json.Nodes;

namespace GameHost.App.Features.Provisioning.DemoPanel;

/// <summary>What a demo panel endpoint answers: a status and a JSON body, or nothing (204).</summary>
public sealed record DemoPanelOutcome(int Status, JsonNode? Body) : IResult
{
    public static DemoPanelOutcome Ok(JsonNode body) => new(200, body);

    public static DemoPanelOutcome Created(JsonNode body) => new(201, body);

    public static DemoPanelOutcome NoContent() => new(204, null);

    /// <summary>The panel's error document; the HTTP status is the first entry's.</summary>
    public static DemoPanelOutcome Error(params IReadOnlyList<DemoPanelError> errors) =>
        new(errors[0].Status, DemoPanelJson.Errors(errors));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = Status;
        if (Body is null)
        {
            return;
        }

        httpContext.Response.ContentType = "application/json";
        await httpContext.Response.WriteAsync(Body.ToJsonString(), Encoding.UTF8, httpContext.RequestAborted);
    }
}
