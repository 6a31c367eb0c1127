using GameHost.App.Features.Notifications.Outbox;
using GameHost.Domain.Operations;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace GameHost.App.Features.Operations.Jobs;

/// <summary>
/// The staff Jobs page: every scheduled job with its last and next run and a "Run now" button, the recent runs, and
/// the e-mail outbox. It refreshes itself every few seconds while open, so a started run shows up without a reload.
/// </summary>
public sealed partial class JobsPage : IDisposable
{
    private const int RecentRunsShown = 20;

    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(3);

    /// <summary>A run started here that never shows up (scheduler stopping) stops blocking its button after this.</summary>
    private static readonly TimeSpan StartedRunGivesUpAfter = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _cancellation = new();

    // Jobs started from this page: the id of their last run before the click, and when it was clicked.
    private readonly Dictionary<string, (long? LastRunId, DateTime ClickedAtUtc)> _started = new(StringComparer.Ordinal);

    private IReadOnlyList<JobStatus>? _jobs;
    private IReadOnlyList<JobRunView> _recent = [];
    private Dictionary<string, string> _titles = new(StringComparer.Ordinal);
    private EmailOutboxPanel? _outbox;

    [Inject]
    private JobsConsole Console { get; set; } = default!;

    [Inject]
    private IStringLocalizer<JobsText> L { get; set; } = default!;

    [Inject]
    private IStringLocalizerFactory Localizers { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _ = RefreshLoopAsync();
    }

    private async Task LoadAsync()
    {
        var token = _cancellation.Token;
        var jobs = await Console.GetJobsAsync(token);
        _recent = await Console.GetRecentRunsAsync(RecentRunsShown, token);
        _titles = jobs.ToDictionary(
            j => j.Definition.Name,
            j => Localizers.Create(j.Definition.TextResource)[j.Definition.TitleKey].Value,
            StringComparer.Ordinal);

        var now = Time.GetUtcNow().UtcDateTime;
        foreach (var job in jobs)
        {
            if (_started.TryGetValue(job.Definition.Name, out var started)
                && ((job.LastRun is { IsFinished: true } run && run.Id != started.LastRunId) || now - started.ClickedAtUtc > StartedRunGivesUpAfter))
            {
                _started.Remove(job.Definition.Name);
            }
        }

        _jobs = jobs;
    }

    private async Task RefreshLoopAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(RefreshEvery, Time);
            while (await timer.WaitForNextTickAsync(_cancellation.Token))
            {
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    if (_outbox is not null)
                    {
                        await _outbox.RefreshAsync();
                    }

                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
        catch (ObjectDisposedException)
        {
            // The page was closed between two ticks.
        }
    }

    private async Task RunNowAsync(string jobName)
    {
        var lastRunId = _jobs?.FirstOrDefault(j => j.Definition.Name == jobName)?.LastRun?.Id;
        _started[jobName] = (lastRunId, Time.GetUtcNow().UtcDateTime);
        var result = await Console.RunNowAsync(jobName, _cancellation.Token);
        if (result.IsSuccess)
        {
            Snackbar.Add(L["RunStarted", _titles.GetValueOrDefault(jobName, jobName)], Severity.Success);
        }
        else
        {
            _started.Remove(jobName);
            Snackbar.Add(L[$"Error_{result.Error.Code}"], Severity.Warning);
        }

        await LoadAsync();
    }
}
