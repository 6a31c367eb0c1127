using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Accounts.Passwords;

public sealed class ResetPasswordModel
{
    public string? Password { get; set; }

    public string? ConfirmPassword { get; set; }
}

public sealed class ResetPasswordModelValidator : AbstractValidator<ResetPasswordModel>
{
    public ResetPasswordModelValidator(IStringLocalizer<AccountsText> l, IOptions<IdentityOptions> identity)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(identity);
        RuleFor(m => m.Password).NewPassword(l, identity.Value.Password);
        RuleFor(m => m.ConfirmPassword).Equal(m => m.Password).WithMessage(_ => l["PasswordsDoNotMatch"]);
    }
}
