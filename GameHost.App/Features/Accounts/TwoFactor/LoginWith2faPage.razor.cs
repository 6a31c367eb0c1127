using GameHost.App.Components.Shared.Forms;
using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace GameHost.App.Features.Accounts.TwoFactor;

/// <summary>The second sign-in step: the password was right, now a code from the authenticator app.</summary>
public partial class LoginWith2faPage
{
    private FluentValidator? _validator;
    private ApplicationUser? _user;
    private string? _error;

    [Inject]
    private SignInManager<ApplicationUser> SignIn { get; set; } = default!;

    [Inject]
    private TwoFactorSignInCompletion Completion { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "login-2fa")]
    private LoginWith2faForm? Input { get; set; }

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery]
    private bool RememberMe { get; set; }

    private string RecoveryHref => "/account/login-recovery?returnUrl=" + Uri.EscapeDataString(ReturnUrl ?? "");

    protected override async Task OnInitializedAsync()
    {
        Input ??= new LoginWith2faForm();
        // Only someone who has just passed the password step holds the two-factor cookie.
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

        var code = AuthenticatorSetup.NormalizeCode(Input!.Code);
        // Identity counts a wrong code as a failed access, so guessing codes ends in the lockout.
        var result = await SignIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, Input.RememberMachine);
        if (result.Succeeded)
        {
            Navigation.NavigateTo(await Completion.CompleteAsync(_user, ReturnUrl, HttpContext));
        }
        else if (result.IsLockedOut)
        {
            _error = L["LockedOut"];
        }
        else if (result.IsNotAllowed)
        {
            // GameHostSignInManager refuses accounts locked by staff on every sign-in path.
            _error = L["AccountLockedByStaff"];
        }
        else
        {
            _validator?.AddError(nameof(LoginWith2faForm.Code), L["InvalidAuthenticatorCode"]);
        }
    }
}
