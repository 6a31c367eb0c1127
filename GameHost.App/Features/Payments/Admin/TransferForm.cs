using FluentValidation;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Payments.Admin;

/// <summary>A bank transfer as staff copy it from the statement.</summary>
public sealed class TransferForm
{
    /// <summary>The invoice number the customer wrote as reference, or their e-mail.</summary>
    public string Lookup { get; set; } = "";

    public decimal? Amount { get; set; }

    /// <summary>The bank's reference for the transfer; it is what makes recording it twice impossible.</summary>
    public string BankReference { get; set; } = "";

    public DateTime? ReceivedOn { get; set; }

    public string? Note { get; set; }

    /// <summary>Set after the lookup: whose money it is and in which currency.</summary>
    public Currency? Currency { get; set; }
}

public sealed class TransferFormValidator : AbstractValidator<TransferForm>
{
    public TransferFormValidator(IStringLocalizer<PaymentsText> localizer, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(time);
        RuleFor(f => f.Lookup).NotEmpty().WithMessage(_ => localizer["Validation.Lookup"]);
        RuleFor(f => f.Amount)
            .Must((form, amount) => amount is > 0 && (form.Currency is not { } c || decimal.Round(amount.Value, c.MinorDigits) == amount.Value))
            .WithMessage(_ => localizer["Validation.Amount"]);
        RuleFor(f => f.BankReference)
            .Must(r => r.Trim().Length is > 0 and <= Payment.MaxTransactionIdLength)
            .WithMessage(_ => localizer["Validation.Reference"]);
        RuleFor(f => f.ReceivedOn)
            .NotNull().WithMessage(_ => localizer["Validation.ReceivedOn"])
            .Must(d => d is null || d.Value.Date <= time.GetUtcNow().UtcDateTime.Date).WithMessage(_ => localizer["Validation.ReceivedInFuture"]);
        RuleFor(f => f.Note).MaximumLength(500).WithMessage(_ => localizer["Validation.Note"]);
    }
}
