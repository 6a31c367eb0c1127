using GameHost.App.Features.Customers;
using GameHost.App.Features.Customers.Admin;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace GameHost.App.Features.Payments.Admin;

public partial class RecordTransferDialog
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TransferForm _model = new();
    private MudForm? _form;
    private Func<object, string, Task<IEnumerable<string>>> _validation = default!;
    private TransferTarget? _target;
    private RecordedPayment? _recorded;
    private DateTime _today;
    private bool _busy;
    private bool _notFound;
    private string? _error;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [CascadingParameter]
    private Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? AuthenticationState { get; set; }

    protected override void OnInitialized()
    {
        _validation = MudFormValidation.For(Validator);
        _today = Time.GetUtcNow().UtcDateTime.Date;
        _model.ReceivedOn = _today;
    }

    private async Task OnLookupKeyAsync(KeyboardEventArgs args)
    {
        if (args.Key == "Enter")
        {
            await FindAsync();
        }
    }

    private async Task FindAsync()
    {
        _error = null;
        _target = await Payments.FindTargetAsync(_model.Lookup, _cancellation.Token);
        _notFound = _target is null;
        _model.Currency = _target?.Currency;
        if (_target?.InvoiceTotal is { } total && _model.Amount is null)
        {
            // The usual case: the customer paid exactly what the invoice asked.
            _model.Amount = total.ToMajor();
        }
    }

    private async Task SaveAsync()
    {
        if (_busy || _form is null || _target is null)
        {
            return;
        }

        _error = null;
        await _form.ValidateAsync();
        if (!_form.IsValid || _model.Amount is not { } amount || _model.ReceivedOn is not { } receivedOn)
        {
            return;
        }

        _busy = true;
        try
        {
            var actor = SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User);
            var command = new RecordPaymentCommand(
                GatewayCodes.BankTransfer,
                _model.BankReference.Trim(),
                _target.CustomerId,
                _target.InvoiceId,
                Money.FromMajor(amount, _target.Currency, MidpointRounding.ToEven),
                DateTime.SpecifyKind(receivedOn.Date, DateTimeKind.Utc),
                actor,
                _model.Note);
            var result = await RecordPayment.ExecuteAsync(command, _cancellation.Token);
            if (result.IsSuccess)
            {
                _recorded = result.Value;
            }
            else
            {
                var text = L["Error." + result.Error.Code];
                _error = text.ResourceNotFound ? L["ErrorGeneric"] : text.Value;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private string ResultText(RecordedPayment recorded)
    {
        var balance = recorded.BalanceAfter.Format(System.Globalization.CultureInfo.CurrentCulture);
        var paid = recorded.InvoicesPaid.Count == 0 ? L["PaidNone"].Value : L["PaidInvoices", string.Join(", ", recorded.InvoicesPaid)].Value;
        var replay = recorded.Replayed ? L["AlreadyRecorded"].Value + " " : "";
        var flag = recorded.Flag == PaymentFlag.None ? "" : " " + L["FlagExplained." + recorded.Flag].Value;
        return $"{replay}{paid} {L["BalanceAfter", balance]}{flag}";
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
