using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Accounts.Manage;

public sealed class ChangePasswordForm
{
    public string? CurrentPassword { get; set; }

    public string? NewPassword { get; set; }

    public string? ConfirmPassword { get; set; }
}

/// <summary>
/// Shape only; the full password policy is Identity's, whose errors the page shows at the field. The length is read
/// from the same options so the two never disagree.
/// </summary>
public sealed class ChangePasswordFormValidator : AbstractValidator<ChangePasswordForm>
{
    public ChangePasswordFormValidator(IStringLocalizer<ManageText> text, IOptions<IdentityOptions> identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var minLength = identity.Value.Password.RequiredLength;
        RuleFor(f => f.CurrentPassword)
            .NotEmpty().WithMessage(_ => text["ValidationCurrentPasswordRequired"]);
        RuleFor(f => f.NewPassword)
            .NotEmpty().WithMessage(_ => text["ValidationNewPasswordRequired"])
            .MinimumLength(minLength).WithMessage(_ => text["ValidationPasswordTooShort", minLength])
            .NotEqual(f => f.CurrentPassword).WithMessage(_ => text["ValidationPasswordSameAsCurrent"])
            .When(f => !string.IsNullOrEmpty(f.CurrentPassword), ApplyConditionTo.CurrentValidator);
        RuleFor(f => f.ConfirmPassword)
            .Equal(f => f.NewPassword).WithMessage(_ => text["ValidationPasswordsDoNotMatch"]);
    }
}
