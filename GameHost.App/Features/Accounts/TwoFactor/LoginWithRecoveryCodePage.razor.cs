using GameHost.App.Components.Shared.Forms;
using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace GameHost.App.Features.Accounts.TwoFactor;

/// <summary>The way in when the authenticator app is lost: one recovery code, good for one sign-in.</summary>
public partial class LoginWithRecoveryCodePage
{
    private FluentValidator? _validator;
    private ApplicationUser? _user;
    private string? _error;

    [Inject]
    private SignInManager<ApplicationUser> SignIn { get; set; } = default!;

    [Inject]
    private UserManager<ApplicationUser> Users { get; set; } = default!;

    [Inject]
    private TwoFactorSignInCompletion Completion { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "login-recovery")]
    private LoginWithRecoveryCodeForm? Input { get; set; }

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new LoginWithRecoveryCodeForm();
        _user = await SignIn.GetTwoFactorAuthenticationUserAsync();
        if (_user is null)
        {
            Navigation.NavigateTo("/account/login");
        }
    }

    private async Task SignInAsync()
    {
        if (_user is null)
        {
            return;
        }

        if (await Users.IsLockedOutAsync(_user))
        {
            _error = L["LockedOut"];
            return;
        }

        var failuresBefore = await Users.GetAccessFailedCountAsync(_user);
        var result = await SignIn.TwoFactorRecoveryCodeSignInAsync(TwoFactorCodes.NormalizeRecoveryCode(Input!.RecoveryCode));
        if (result.Succeeded)
        {
            Navigation.NavigateTo(await Completion.CompleteAsync(_user, ReturnUrl, HttpContext));
            return;
        }

        if (result.IsNotAllowed)
        {
            // GameHostSignInManager refuses accounts locked by staff on every sign-in path.
            _error = L["AccountLockedByStaff"];
            return;
        }

        // Guessing recovery codes must end in the lockout like guessing passwords; count the failure unless
        // Identity already did.
        if (!result.IsLockedOut && await Users.GetAccessFailedCountAsync(_user) == failuresBefore)
        {
            await Users.AccessFailedAsync(_user);
        }

        if (result.IsLockedOut || await Users.IsLockedOutAsync(_user))
        {
            _error = L["LockedOut"];
            return;
        }

        _validator?.AddError(nameof(LoginWithRecoveryCodeForm.RecoveryCode), L["InvalidRecoveryCode"]);
    }
}
