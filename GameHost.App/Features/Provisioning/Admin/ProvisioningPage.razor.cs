using GameHost.App.Features.Customers;
using GameHost.App.Hosting;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace GameHost.App.Features.Provisioning.Admin;

public partial class ProvisioningPage
{
    private readonly CancellationTokenSource _cancellation = new();
    private ProvisioningQueueStatus? _status;
    private IReadOnlyList<ProvisioningTaskRow> _failed = [];
    private IReadOnlyList<ProvisioningTaskRow> _inFlight = [];
    private DateTime _nowUtc;
    private ServersTable? _servers;
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private ProvisioningQueueQuery Query { get; set; } = default!;

    [Inject]
    private ProvisioningQueueCommands Commands { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        _nowUtc = Time.GetUtcNow().UtcDateTime;
        _status = await Query.StatusAsync(_cancellation.Token);
        _failed = await Query.FailedAsync(_cancellation.Token);
        _inFlight = await Query.InFlightAsync(_cancellation.Token);
        if (_servers is not null)
        {
            await _servers.ReloadAsync();
        }
    }

    private async Task RetryAsync(ProvisioningTaskRow row)
    {
        if (await ConfirmAsync(L["RetryConfirmTitle"], L["RetryConfirm", Kind(row), row.ServerName], L["Retry"]))
        {
            await RunAsync(actor => Commands.RetryAsync(new QueueTaskCommand(actor, row.Id, CorrelationId.New()), _cancellation.Token), "Retried");
        }
    }

    private async Task MarkDoneAsync(ProvisioningTaskRow row)
    {
        if (await ConfirmAsync(L["MarkDoneConfirmTitle"], L["MarkDoneConfirm", Kind(row), row.ServerName], L["MarkDone"]))
        {
            await RunAsync(actor => Commands.MarkDoneAsync(new QueueTaskCommand(actor, row.Id, CorrelationId.New()), _cancellation.Token), "MarkedDone");
        }
    }

    private async Task CancelAsync(ProvisioningTaskRow row)
    {
        var dialog = await Dialogs.ShowAsync<CancelTaskDialog>(L["CancelDialogTitle", Kind(row), row.ServerName],
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var answer = await dialog.Result;
        if (answer is { Canceled: false, Data: string reason })
        {
            await RunAsync(actor => Commands.CancelAsync(new CancelTaskCommand(actor, row.Id, reason, CorrelationId.New()), _cancellation.Token), "Cancelled");
        }
    }

    private Task ResumeAsync() =>
        RunAsync(actor => Commands.ResumeAsync(actor, CorrelationId.New(), _cancellation.Token), "Resumed");

    private async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await Dialogs.ShowMessageBoxAsync(title, message, yes, cancelText: L["Back"]) == true;

    /// <summary>Runs a staff action with the buttons disabled, says how it went, and shows the queue as it is now.</summary>
    private async Task RunAsync(Func<Guid, Task<Result<QueueChange>>> action, string changedKey)
    {
        if (_busy)
        {
            return;
        }

        var actor = SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User);
        if (actor is null)
        {
            Snackbar.Add(ProvisioningDisplay.Error(L, ProvisioningErrors.ActorNotStaff), Severity.Error);
            return;
        }

        _busy = true;
        try
        {
            var result = await action(actor.Value);
            if (result.IsSuccess)
            {
                var changed = result.Value == QueueChange.Changed;
                Snackbar.Add(L[changed ? changedKey : "NothingChanged"], changed ? Severity.Success : Severity.Info);
            }
            else
            {
                Snackbar.Add(ProvisioningDisplay.Error(L, result.Error), Severity.Error);
            }

            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private string Kind(ProvisioningTaskRow row) => ProvisioningDisplay.Named(L, "Kind", row.Kind.ToString());

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
