using FluentValidation;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts.TwoFactor;

public sealed class LoginWith2faForm
{
    public string? Code { get; set; }

    /// <summary>Skips the code on this browser for a while (Identity's two-factor remember cookie).</summary>
    public bool RememberMachine { get; set; }
}

public sealed class LoginWithRecoveryCodeForm
{
    public string? RecoveryCode { get; set; }
}

/// <summary>The shapes of the codes people type, before Identity checks them.</summary>
public static class TwoFactorCodes
{
    public static bool IsTotpShaped(string? code)
    {
        var digits = AuthenticatorSetup.NormalizeCode(code);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit);
    }

    /// <summary>Identity issues recovery codes as <c>XXXXX-XXXXX</c> (letters and digits); spaces and case are forgiven.</summary>
    public static string NormalizeRecoveryCode(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    public static bool IsRecoveryCodeShaped(string? code)
    {
        var normalized = NormalizeRecoveryCode(code);
        return normalized.Length is >= 8 and <= 20 && normalized.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }
}

public sealed class LoginWith2faFormValidator : AbstractValidator<LoginWith2faForm>
{
    public LoginWith2faFormValidator(IStringLocalizer<TwoFactorText> text)
    {
        RuleFor(f => f.Code)
            .Must(TwoFactorCodes.IsTotpShaped).WithMessage(_ => text["ValidationTotpCode"]);
    }
}

public sealed class LoginWithRecoveryCodeFormValidator : AbstractValidator<LoginWithRecoveryCodeForm>
{
    public LoginWithRecoveryCodeFormValidator(IStringLocalizer<TwoFactorText> text)
    {
        RuleFor(f => f.RecoveryCode)
            .Must(TwoFactorCodes.IsRecoveryCodeShaped).WithMessage(_ => text["ValidationRecoveryCode"]);
    }
}
