using GameHost.App.Hosting;
using Microsoft.AspNetCore.Components;

namespace GameHost.App.Features.Accounts.Login;

public partial class Login
{
    private SignInStatus? _problem;

    [Inject]
    private SignInFlow SignIn { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    [SupplyParameterFromForm(FormName = "login")]
    private LoginModel Input { get; set; } = default!;

    private string ResendHref => "/account/resend-confirmation?email=" + Uri.EscapeDataString(Input.Email ?? "");

    protected override void OnInitialized() => Input ??= new LoginModel();

    private async Task LoginAsync()
    {
        var outcome = await SignIn.PasswordSignInAsync(Input.Email!, Input.Password!, Input.RememberMe);
        switch (outcome.Status)
        {
            case SignInStatus.Succeeded:
                LocalizationSetup.WriteCultureCookie(HttpContext.Response, outcome.User!.PreferredLanguage);
                Navigation.NavigateTo(Destination(outcome.LandingPath!));
                return;
            case SignInStatus.RequiresTwoFactor:
                Navigation.NavigateTo(
                    $"/account/login-2fa?returnUrl={Uri.EscapeDataString(ReturnUrl ?? "")}&rememberMe={(Input.RememberMe ? "true" : "false")}");
                return;
            default:
                _problem = outcome.Status;
                Input.Password = null;
                return;
        }
    }

    /// <summary>Back where the visitor was going when it is a page of ours; otherwise their area's home.</summary>
    private string Destination(string landingPath)
    {
        var safe = PreferenceEndpoints.SafeReturnUrl(ReturnUrl);
        return safe == "/" ? landingPath : safe;
    }

    private string ProblemText(SignInStatus problem) => problem switch
    {
        SignInStatus.NotConfirmed => L["LoginNotConfirmed"],
        SignInStatus.LockedOut => L["LoginLockedOut"],
        SignInStatus.LockedByStaff => L["LoginLockedByStaff"],
        _ => L["LoginInvalid"],
    };
}
