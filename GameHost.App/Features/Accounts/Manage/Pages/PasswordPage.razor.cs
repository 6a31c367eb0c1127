using GameHost.App.Components.Shared.Forms;
using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace GameHost.App.Features.Accounts.Manage.Pages;

public partial class PasswordPage
{
    private FluentValidator? _validator;

    [Inject]
    private UserManager<ApplicationUser> Users { get; set; } = default!;

    [Inject]
    private SignInManager<ApplicationUser> SignIn { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "change-password")]
    private ChangePasswordForm? Input { get; set; }

    [SupplyParameterFromQuery]
    private string? Status { get; set; }

    private int MinLength => Users.Options.Password.RequiredLength;

    protected override void OnInitialized() => Input ??= new ChangePasswordForm();

    private async Task ChangeAsync()
    {
        var user = await Users.GetUserAsync(HttpContext.User);
        if (user is null)
        {
            Navigation.NavigateTo("/account/login", forceLoad: true);
            return;
        }

        var result = await Users.ChangePasswordAsync(user, Input!.CurrentPassword!, Input.NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch)
                    ? nameof(ChangePasswordForm.CurrentPassword)
                    : nameof(ChangePasswordForm.NewPassword);
                _validator?.AddError(field, ManageErrorText.For(L, error, MinLength));
            }

            return;
        }

        // The new security stamp ends every other session; this one gets a fresh cookie and carries on.
        await SignIn.RefreshSignInAsync(user);
        Navigation.NavigateTo("/account/manage/password?status=password-changed");
    }
}
