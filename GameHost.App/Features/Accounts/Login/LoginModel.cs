using FluentValidation;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts.Login;

public sealed class LoginModel
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public bool RememberMe { get; set; }
}

public sealed class LoginModelValidator : AbstractValidator<LoginModel>
{
    public LoginModelValidator(IStringLocalizer<AccountsText> l)
    {
        ArgumentNullException.ThrowIfNull(l);
        RuleFor(m => m.Email).AccountEmail(l);
        RuleFor(m => m.Password).NotEmpty().WithMessage(_ => l["LoginPasswordRequired"]);
    }
}
