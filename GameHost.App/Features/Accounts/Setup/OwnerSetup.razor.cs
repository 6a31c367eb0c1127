using System.Globalization;
using GameHost.App.Components.Shared.Forms;
using GameHost.App.Hosting;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Accounts.Setup;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace GameHost.App.Features.Accounts.Setup;

public partial class OwnerSetup
{
    private FluentValidator? _validator;
    private bool _alreadyDone;

    [Inject]
    private CreateOwner CreateOwner { get; set; } = default!;

    [Inject]
    private SignInManager<ApplicationUser> SignIn { get; set; } = default!;

    [Inject]
    private OwnerSetupState SetupState { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "setup")]
    private OwnerSetupModel Input { get; set; } = default!;

    protected override void OnInitialized() => Input ??= new OwnerSetupModel();

    private async Task CreateAsync()
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var result = await CreateOwner.ExecuteAsync(new CreateOwnerInput(Input.Email!, Input.Password!, Input.FullName!, language), CancellationToken.None);
        if (!result.IsSuccess)
        {
            if (result.Error.Code == AccountErrors.SetupDoneCode)
            {
                SetupState.MarkAdminExists();
                _alreadyDone = true;
                return;
            }

            _validator?.AddError(result.Error.Field ?? nameof(OwnerSetupModel.Email), AccountValidationRules.Describe(result.Error, L));
            return;
        }

        SetupState.MarkAdminExists();
        await SignIn.SignInAsync(result.Value, isPersistent: false);
        LocalizationSetup.WriteCultureCookie(HttpContext.Response, result.Value.PreferredLanguage);
        Navigation.NavigateTo("/admin");
    }
}
