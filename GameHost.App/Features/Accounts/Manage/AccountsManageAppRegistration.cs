using FluentValidation;
using GameHost.App.Features.Accounts.TwoFactor;
using GameHost.Domain.Accounts.Profile;

namespace GameHost.App.Features.Accounts.Manage;

public static class AccountsManageAppRegistration
{
    /// <summary>Account self-service (/account/manage…) and the two-factor sign-in steps.</summary>
    public static WebApplicationBuilder AddAccountsManageFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAccountProfile();
        services.AddScoped<AccountMails>();
        services.AddScoped<TwoFactorSignInCompletion>();
        services.AddScoped<IValidator<ProfileForm>, ProfileFormValidator>();
        services.AddScoped<IValidator<ChangeEmailForm>, ChangeEmailFormValidator>();
        services.AddScoped<IValidator<ChangePasswordForm>, ChangePasswordFormValidator>();
        services.AddScoped<IValidator<VerifyAuthenticatorForm>, VerifyAuthenticatorFormValidator>();
        services.AddScoped<IValidator<LoginWith2faForm>, LoginWith2faFormValidator>();
        services.AddScoped<IValidator<LoginWithRecoveryCodeForm>, LoginWithRecoveryCodeFormValidator>();
        return builder;
    }
}
