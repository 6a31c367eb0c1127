using GameHost.App.Features.Customers;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace GameHost.App.Features.Payments.Admin;

/// <summary>
/// One payment for staff: what came in, what was refunded and what is left. The refund form gives back all or part,
/// to the original method where the gateway can, else to the customer's balance; the reason is required and the form's
/// request id makes a double submit refund once. A payment held for review is decided from here too.
/// </summary>
public partial class PaymentDetailsPage : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private PaymentDetails? _payment;
    private RefundedPayment? _result;
    private bool _loading = true;
    private bool _busy;
    private decimal? _amount;
    private string? _reason;
    private string? _amountError;
    private string? _reasonError;
    private string? _error;
    private string _requestId = NewRequestId();

    [Parameter]
    public Guid Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private PaymentDetailsQuery Query { get; set; } = default!;

    [Inject]
    private RefundPayment Refund { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private UnclearRefunds Unclear { get; set; } = default!;

    private Guid? _checking;
    private string? _checkMessage;
    private Severity _checkSeverity = Severity.Info;

    public static string Href(Guid paymentId) => $"/admin/payments/{paymentId:D}";

    private static string NewRequestId() => "refund-" + Guid.NewGuid().ToString("N");

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        _amount = _payment is { Refundable.IsZero: false } p ? p.Refundable.ToMajor() : null;
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _payment = await Query.DetailsAsync(Id, _cancellation.Token);
        }
        finally
        {
            _loading = false;
        }
    }

    private string WhereText()
    {
        if (_payment is null)
        {
            return "";
        }

        var partial = (_amount is { } amount && amount < _payment.Amount.ToMajor()) || !_payment.Refunded.IsZero;
        var toMethod = partial ? _payment.CanRefundPart : _payment.CanRefundInFull;
        return toMethod ? L["RefundWhereMethod"] : L["RefundWhereBalance"];
    }

    private bool Validate()
    {
        _amountError = null;
        _reasonError = null;
        if (_payment is null)
        {
            return false;
        }

        var currency = _payment.Amount.Currency;
        if (_amount is not { } amount || amount <= 0 || amount * currency.MinorPerMajor != decimal.Truncate(amount * currency.MinorPerMajor)
            || amount > _payment.Refundable.ToMajor())
        {
            _amountError = L["RefundAmountInvalid", CatalogDisplayMoney(_payment.Refundable)];
        }

        if (string.IsNullOrWhiteSpace(_reason))
        {
            _reasonError = L["Error.payments.refund_reason_required"];
        }

        return _amountError is null && _reasonError is null;
    }

    private static string CatalogDisplayMoney(Money money) => money.Format(System.Globalization.CultureInfo.CurrentCulture);

    private async Task RefundAsync()
    {
        if (_busy || _payment is null || !Validate())
        {
            return;
        }

        var actor = SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User);
        if (actor is not { } actorId)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            var minor = (long)(_amount!.Value * _payment.Amount.Currency.MinorPerMajor);
            var result = await Refund.ExecuteAsync(new RefundPaymentCommand(actorId, _payment.Id, minor, _reason, _requestId), _cancellation.Token);
            if (result.IsSuccess)
            {
                _result = result.Value;
                _requestId = NewRequestId(); // The next refund is a new form.
                _reason = null;
                await LoadAsync();
                _amount = _payment is { Refundable.IsZero: false } p ? p.Refundable.ToMajor() : null;
            }
            else
            {
                var text = L["Error." + result.Error.Code];
                _error = text.ResourceNotFound ? result.Error.Message : text.Value;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private string ResultText(RefundedPayment result)
    {
        var amount = CatalogDisplayMoney(result.Amount);
        var text = result.ToOriginalMethod ? L["RefundDoneMethod", amount, result.CreditNoteNumber].Value : L["RefundDoneBalance", amount, result.CreditNoteNumber].Value;
        return result.GatewayMessage is { } message ? $"{text} {message}" : text;
    }

    /// <summary>Staff's "check now": ask the gateway what became of an unclear refund and settle it if it answers.</summary>
    private async Task CheckRefundAsync(Guid refundId)
    {
        if (_checking is not null)
        {
            return;
        }

        var actor = SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User);
        if (actor is not { } actorId)
        {
            return;
        }

        _checking = refundId;
        _checkMessage = null;
        try
        {
            var result = await Unclear.CheckAsync(actorId, refundId, _cancellation.Token);
            if (!result.IsSuccess)
            {
                var text = L["Error." + result.Error.Code];
                (_checkSeverity, _checkMessage) = (Severity.Error, text.ResourceNotFound ? result.Error.Message : text.Value);
            }
            else
            {
                (_checkSeverity, _checkMessage) = result.Value switch
                {
                    { State: PaymentRefundState.Unclear } => (Severity.Warning, L["RefundCheckStillUnclear"].Value),
                    { ToOriginalMethod: true } => (Severity.Success, L["RefundCheckRefunded"].Value),
                    _ => (Severity.Info, L["RefundCheckRefused"].Value),
                };
            }

            await LoadAsync();
        }
        finally
        {
            _checking = null;
        }
    }

    private async Task ReviewAsync()
    {
        if (_payment is null)
        {
            return;
        }

        var parameters = new DialogParameters<HeldReviewDialog> { { d => d.PaymentId, _payment.Id } };
        var dialog = await Dialogs.ShowAsync<HeldReviewDialog>(L["ReviewTitle"], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        await dialog.Result;
        await LoadAsync();
    }

    private string GatewayName(string gateway)
    {
        var text = L["Gateway." + gateway];
        return text.ResourceNotFound ? gateway : text.Value;
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
