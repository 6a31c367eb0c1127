using GameHost.App.Components.Shared.Forms;
using GameHost.App.Hosting;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Profile;
using Microsoft.AspNetCore.Components;

namespace GameHost.App.Features.Accounts.Manage.Pages;

public partial class ProfilePage
{
    private FluentValidator? _validator;
    private ProfileView? _view;
    private Guid _userId;

    [Inject]
    private ProfileQuery Profiles { get; set; } = default!;

    [Inject]
    private UpdateProfile UpdateProfile { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "profile")]
    private ProfileForm? Input { get; set; }

    [SupplyParameterFromQuery]
    private string? Status { get; set; }

    /// <summary>The page that sent the user here to complete their details; offered as the way back.</summary>
    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    private string? ContinueHref => PreferenceEndpoints.SafeReturnUrl(ReturnUrl) is var safe && safe != "/" ? safe : null;

    private IEnumerable<KeyValuePair<string, string>> LanguageOptions =>
        SupportedLanguages.All.Select(c => KeyValuePair.Create(c, L["Language_" + c].Value));

    private static IEnumerable<KeyValuePair<string, string>> CountryOptions => CountryNames.Options();

    protected override async Task OnInitializedAsync()
    {
        _userId = HttpContext.User.UserId() ?? throw new InvalidOperationException("The settings pages require a signed-in user.");
        _view = await Profiles.GetAsync(_userId, HttpContext.RequestAborted);
        if (_view is null)
        {
            // The cookie outlived the account: nothing to show or save.
            Navigation.NavigateTo("/account/login", forceLoad: true);
            return;
        }

        Input ??= ProfileForm.From(_view);
        Input.IsCustomer = _view.IsCustomer;
    }

    private async Task SaveAsync()
    {
        var result = await UpdateProfile.ExecuteAsync(Input!.ToCommand(_userId), HttpContext.RequestAborted);
        if (!result.IsSuccess)
        {
            _validator?.AddError(result.Error.Field ?? nameof(ProfileForm.FullName), ManageErrorText.For(L, result.Error));
            return;
        }

        // The language follows the user: this browser switches now, other devices at their next sign-in.
        LocalizationSetup.WriteCultureCookie(HttpContext.Response, Input.PreferredLanguage!.ToLowerInvariant());
        var back = ContinueHref is { } href ? "&returnUrl=" + Uri.EscapeDataString(href) : "";
        Navigation.NavigateTo("/account/manage?status=profile-saved" + back);
    }
}
