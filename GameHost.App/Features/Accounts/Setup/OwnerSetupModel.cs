using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Accounts.Setup;

public sealed class OwnerSetupModel
{
    public string? FullName { get; set; }

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ConfirmPassword { get; set; }
}

public sealed class OwnerSetupModelValidator : AbstractValidator<OwnerSetupModel>
{
    public OwnerSetupModelValidator(IStringLocalizer<AccountsText> l, IOptions<IdentityOptions> identity)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(identity);
        RuleFor(m => m.FullName).PersonName(l);
        RuleFor(m => m.Email).AccountEmail(l);
        RuleFor(m => m.Password).NewPassword(l, identity.Value.Password);
        RuleFor(m => m.ConfirmPassword).Equal(m => m.Password).WithMessage(_ => l["PasswordsDoNotMatch"]);
    }
}
