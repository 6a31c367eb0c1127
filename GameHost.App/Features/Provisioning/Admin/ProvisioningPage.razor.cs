using GameHost.App.Features.Customers;
using GameHost.App.Hosting;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing.Ledger;
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
    private bool _isAdmin;

    // Refunds made here: the amount by subscription, and the queue rows they closed, kept in view with their result.
    private readonly Dictionary<Guid, string> _refunds = [];
    private readonly List<ProvisioningTaskRow> _refundedRows = [];

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private ProvisioningQueueQuery Query { get; set; } = default!;

    [Inject]
    private ProvisioningQueueCommands Commands { get; set; } = default!;

    [Inject]
    private RefundUnprovisionedOrder Refunds { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        _isAdmin = user?.IsInRole(Roles.Admin) == true;
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _nowUtc = Time.GetUtcNow().UtcDateTime;
        _status = await Query.StatusAsync(_cancellation.Token);
        var failed = await Query.FailedAsync(_cancellation.Token);
        _failed = failed.Where(r => !_refunds.ContainsKey(r.SubscriptionId)).Concat(_refundedRows).ToList();
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

    /// <summary>
    /// Gives a never-delivered order's payment back to the customer's balance, after staff saw who gets how much and
    /// said why. Administrators only (the use case checks it again).
    /// </summary>
    private async Task RefundAsync(Guid subscriptionId)
    {
        if (_busy)
        {
            return;
        }

        var actor = SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User);
        if (actor is null)
        {
            Snackbar.Add(ProvisioningDisplay.Error(L, Domain.Billing.BillingErrors.RefundActorNotAdmin), Severity.Error);
            return;
        }

        var preview = await Refunds.PreviewAsync(actor.Value, subscriptionId, _cancellation.Token);
        if (!preview.IsSuccess)
        {
            Snackbar.Add(ProvisioningDisplay.Error(L, preview.Error), Severity.Error);
            return;
        }

        var dialog = await Dialogs.ShowAsync<RefundDialog>(L["RefundDialogTitle", preview.Value.ServerName],
            new DialogParameters<RefundDialog> { { d => d.Preview, preview.Value } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var answer = await dialog.Result;
        if (answer is not { Canceled: false, Data: string reason })
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Refunds.ExecuteAsync(new RefundUnprovisionedCommand(actor.Value, subscriptionId, reason, CorrelationId.New()), _cancellation.Token);
            if (result.IsSuccess)
            {
                var amount = result.Value.Amount.Format(System.Globalization.CultureInfo.CurrentCulture);
                _refunds[subscriptionId] = amount;
                _refundedRows.AddRange(_failed.Where(r => r.SubscriptionId == subscriptionId).Select(r => r with { State = ProvisioningTaskState.Cancelled }));
                Snackbar.Add(result.Value.Replayed ? L["RefundAlready", amount] : L["Refunded", amount, preview.Value.CustomerName],
                    result.Value.Replayed ? Severity.Info : Severity.Success);
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
