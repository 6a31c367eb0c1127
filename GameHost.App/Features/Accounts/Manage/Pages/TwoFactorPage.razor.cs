using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace GameHost.App.Features.Accounts.Manage.Pages;

public partial class TwoFactorPage
{
    private bool _enabled;
    private int _recoveryCodesLeft;
    private bool _browserRemembered;

    [Inject]
    private UserManager<ApplicationUser> Users { get; set; } = default!;

    [Inject]
    private SignInManager<ApplicationUser> SignIn { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? Status { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var user = await Users.GetUserAsync(HttpContext.User);
        if (user is null)
        {
            Navigation.NavigateTo("/account/login", forceLoad: true);
            return;
        }

        _enabled = await Users.GetTwoFactorEnabledAsync(user);
        _recoveryCodesLeft = await Users.CountRecoveryCodesAsync(user);
        _browserRemembered = await SignIn.IsTwoFactorClientRememberedAsync(user);
    }

    private async Task ForgetBrowserAsync()
    {
        await SignIn.ForgetTwoFactorClientAsync();
        Navigation.NavigateTo("/account/manage/two-factor?status=browser-forgotten");
    }
}
