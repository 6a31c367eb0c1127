using FluentValidation;
using GameHost.App.Features.Accounts.TwoFactor;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts.Manage;

public sealed class VerifyAuthenticatorForm
{
    public string? Code { get; set; }
}

public sealed class VerifyAuthenticatorFormValidator : AbstractValidator<VerifyAuthenticatorForm>
{
    public VerifyAuthenticatorFormValidator(IStringLocalizer<ManageText> text)
    {
        RuleFor(f => f.Code)
            .Must(TwoFactorCodes.IsTotpShaped).WithMessage(_ => text["ValidationTotpCode"]);
    }
}
