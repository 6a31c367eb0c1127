using FluentValidation;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts;

/// <summary>The one-field forms: "resend the confirmation link" and "I forgot my password".</summary>
public sealed class EmailOnlyModel
{
    public string? Email { get; set; }
}

public sealed class EmailOnlyModelValidator : AbstractValidator<EmailOnlyModel>
{
    public EmailOnlyModelValidator(IStringLocalizer<AccountsText> l)
    {
        ArgumentNullException.ThrowIfNull(l);
        RuleFor(m => m.Email).AccountEmail(l);
    }
}
