using GameHost.App.Hosting;
using GameHost.Domain.Accounts.Customers;
using GameHost.Domain.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace GameHost.App.Features.Customers.Admin;

public partial class CustomerDetailsPage
{
    private readonly CancellationTokenSource _cancellation = new();
    private CustomerDetails? _customer;
    private bool _loading = true;
    private bool _busy;

    [Parameter]
    public Guid Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private CustomerDetailsQuery Details { get; set; } = default!;

    [Inject]
    private LockCustomer LockCustomer { get; set; } = default!;

    [Inject]
    private UnlockCustomer UnlockCustomer { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private bool CanUnlock => _customer is { } c && (c.IsLockedByStaff || c.LockedOutUntilUtc is not null || c.FailedSignIns > 0);

    protected override async Task OnParametersSetAsync()
    {
        if (_customer?.Id != Id)
        {
            _customer = null;
        }

        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _loading = true;
        try
        {
            _customer = await Details.ExecuteAsync(Id, _cancellation.Token);
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task LockAsync()
    {
        if (_customer is null)
        {
            return;
        }

        var parameters = new DialogParameters<LockCustomerDialog> { { d => d.CustomerName, _customer.FullName } };
        var dialog = await Dialogs.ShowAsync<LockCustomerDialog>(L["LockDialogTitle", _customer.FullName], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var answer = await dialog.Result;
        if (answer is not { Canceled: false, Data: string reason })
        {
            return;
        }

        await RunAsync(
            actor => LockCustomer.ExecuteAsync(new LockCustomerCommand(actor, Id, reason, CorrelationId.New()), _cancellation.Token),
            changed: "Locked",
            unchanged: "AlreadyLocked");
    }

    private Task UnlockAsync() => RunAsync(
        actor => UnlockCustomer.ExecuteAsync(new UnlockCustomerCommand(actor, Id, CorrelationId: CorrelationId.New()), _cancellation.Token),
        changed: "Unlocked",
        unchanged: "AlreadyUnlocked");

    /// <summary>Runs a staff action with the buttons disabled, says how it went, and shows the account as it is now.</summary>
    private async Task RunAsync(Func<Guid, Task<Result<AccessChange>>> action, string changed, string unchanged)
    {
        var actor = SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User);
        if (_busy)
        {
            return;
        }

        if (actor is null)
        {
            Snackbar.Add(ErrorText(CustomerErrors.ActorNotStaff), Severity.Error);
            return;
        }

        _busy = true;
        try
        {
            var result = await action(actor.Value);
            if (result.IsSuccess)
            {
                var changedSomething = result.Value == AccessChange.Changed;
                Snackbar.Add(L[changedSomething ? changed : unchanged], changedSomething ? Severity.Success : Severity.Info);
            }
            else
            {
                Snackbar.Add(ErrorText(result.Error), Severity.Error);
            }

            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private string ErrorText(Error error)
    {
        var text = L["Error." + error.Code];
        return text.ResourceNotFound ? L["ErrorGeneric"] : text.Value;
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
