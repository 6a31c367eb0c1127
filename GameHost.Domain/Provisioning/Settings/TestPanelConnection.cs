using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Panel;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>The outcome of a connection test as staff read it.</summary>
/// <param name="Problem">Null when the panel answered.</param>
/// <param name="Detail">The panel's own words about the failure, for staff who need to dig.</param>
/// <param name="Locations">How many locations the panel listed (a working connection to an empty panel says 0).</param>
public sealed record PanelTestResult(DateTime AtUtc, PanelConnectionOrigin Origin, PanelProblem? Problem, string? Detail, int Locations)
{
    public bool Succeeded => Problem is null;
}

/// <summary>
/// Asks the panel for its locations — the lightest call that needs a valid root-admin key — and records how it went
/// on the settings row, so the settings page and the dashboard show the last known state of the connection.
/// </summary>
public sealed class TestPanelConnection(
    IDbContextFactory<GameHostDbContext> contexts, StoredPanelConnection connection, IPterodactylApi panel, TimeProvider time)
{
    public async Task<PanelTestResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        // Read afresh: staff test right after saving, and a cached answer could be the previous connection.
        connection.Invalidate();
        var resolution = await connection.ResolveAsync(cancellationToken);
        PanelProblem? problem;
        string? detail = null;
        var locations = 0;
        if (resolution.Connection is null)
        {
            problem = resolution.Origin == PanelConnectionOrigin.KeyUnreadable ? PanelProblem.KeyUnreadable : PanelProblem.NotConfigured;
        }
        else
        {
            var answer = await panel.ListLocationsAsync(cancellationToken);
            if (answer.IsSuccess)
            {
                problem = null;
                locations = answer.Value?.Count ?? 0;
            }
            else
            {
                problem = PanelProblems.Classify(answer.Failure);
                detail = PanelDetail.Of(answer.Failure);
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        await PanelStatus.UpdateAsync(contexts, settings =>
        {
            settings.LastTestAtUtc = now;
            settings.LastTestSucceeded = problem is null;
            settings.LastTestProblem = problem;
            settings.LastTestDetail = detail;
        }, cancellationToken);
        return new PanelTestResult(now, resolution.Origin, problem, detail, locations);
    }
}
