using FluentValidation;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts.Manage;

public sealed class ChangeEmailForm
{
    public string? NewEmail { get; set; }

    /// <summary>Asked again so a session left open on a shared computer cannot take the account over.</summary>
    public string? Password { get; set; }
}

public sealed class ChangeEmailFormValidator : AbstractValidator<ChangeEmailForm>
{
    /// <summary>Identity's column width for e-mail addresses.</summary>
    public const int EmailMaxLength = 256;

    public ChangeEmailFormValidator(IStringLocalizer<ManageText> text)
    {
        RuleFor(f => f.NewEmail)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(_ => text["ValidationEmailRequired"])
            .EmailAddress().WithMessage(_ => text["ValidationEmailInvalid"])
            .MaximumLength(EmailMaxLength).WithMessage(_ => text["ValidationEmailInvalid"]);
        RuleFor(f => f.Password)
            .NotEmpty().WithMessage(_ => text["ValidationPasswordRequired"]);
    }
}
