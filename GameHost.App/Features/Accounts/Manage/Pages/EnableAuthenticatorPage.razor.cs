using GameHost.App.Components.Shared.Forms;
using GameHost.App.Features.Accounts.TwoFactor;
using GameHost.App.Hosting;
using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Accounts.Manage.Pages;

public partial class EnableAuthenticatorPage
{
    /// <summary>Ten, as authenticator set-ups commonly give: enough for a long time, few enough to print.</summary>
    public const int RecoveryCodeCount = 10;

    private FluentValidator? _validator;
    private ApplicationUser? _user;
    private string? _sharedKey;
    private string? _qrCodeDataUri;
    private string[]? _recoveryCodes;

    [Inject]
    private UserManager<ApplicationUser> Users { get; set; } = default!;

    [Inject]
    private SignInManager<ApplicationUser> SignIn { get; set; } = default!;

    [Inject]
    private AccountMails Mails { get; set; } = default!;

    [Inject]
    private IOptions<GameHostOptions> Options { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "verify-authenticator")]
    private VerifyAuthenticatorForm? Input { get; set; }

    [SupplyParameterFromQuery]
    private string? Status { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _user = await Users.GetUserAsync(HttpContext.User);
        if (_user is null)
        {
            Navigation.NavigateTo("/account/login", forceLoad: true);
            return;
        }

        Input ??= new VerifyAuthenticatorForm();
        var key = await Users.GetAuthenticatorKeyAsync(_user);
        if (string.IsNullOrEmpty(key))
        {
            await Users.ResetAuthenticatorKeyAsync(_user);
            // A new key renews the security stamp: keep this session valid.
            await SignIn.RefreshSignInAsync(_user);
            key = await Users.GetAuthenticatorKeyAsync(_user) ?? throw new InvalidOperationException("No authenticator key was stored.");
        }

        _sharedKey = AuthenticatorSetup.FormatKey(key);
        var uri = AuthenticatorSetup.OtpAuthUri(Options.Value.SiteName, _user.Email ?? _user.UserName ?? "", key);
        _qrCodeDataUri = AuthenticatorSetup.QrCodeDataUri(uri);
    }

    private async Task VerifyAsync()
    {
        var code = AuthenticatorSetup.NormalizeCode(Input!.Code);
        if (!await Users.VerifyTwoFactorTokenAsync(_user!, Users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            _validator?.AddError(nameof(VerifyAuthenticatorForm.Code), L["ErrorInvalidTotp"]);
            return;
        }

        var wasEnabled = await Users.GetTwoFactorEnabledAsync(_user!);
        await Users.SetTwoFactorEnabledAsync(_user!, true);
        // Fresh codes every time an authenticator is verified, so codes printed for an older set-up stop working.
        _recoveryCodes = (await Users.GenerateNewTwoFactorRecoveryCodesAsync(_user!, RecoveryCodeCount) ?? []).ToArray();
        await SignIn.RefreshSignInAsync(_user!);
        if (!wasEnabled)
        {
            await Mails.QueueTwoFactorChangedAsync(_user!, enabled: true, HttpContext.RequestAborted);
        }
    }
}
