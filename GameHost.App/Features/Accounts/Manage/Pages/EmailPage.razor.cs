using System.Text;
using GameHost.App.Components.Shared.Forms;
using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace GameHost.App.Features.Accounts.Manage.Pages;

public partial class EmailPage
{
    private FluentValidator? _validator;
    private ApplicationUser? _user;

    [Inject]
    private UserManager<ApplicationUser> Users { get; set; } = default!;

    [Inject]
    private AccountMails Mails { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "change-email")]
    private ChangeEmailForm? Input { get; set; }

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

        Input ??= new ChangeEmailForm();
    }

    private async Task SendAsync()
    {
        var newEmail = Input!.NewEmail!.Trim();
        if (!await Users.CheckPasswordAsync(_user!, Input.Password!))
        {
            _validator?.AddError(nameof(ChangeEmailForm.Password), L["ErrorWrongPassword"]);
            return;
        }

        if (string.Equals(Users.NormalizeEmail(newEmail), _user!.NormalizedEmail, StringComparison.Ordinal))
        {
            _validator?.AddError(nameof(ChangeEmailForm.NewEmail), L["ErrorSameEmail"]);
            return;
        }

        if (await Users.FindByEmailAsync(newEmail) is not null)
        {
            _validator?.AddError(nameof(ChangeEmailForm.NewEmail), L["Error_accounts_email_taken"]);
            return;
        }

        // The change only happens when the link is opened: it proves the new address belongs to this user.
        var token = await Users.GenerateChangeEmailTokenAsync(_user, newEmail);
        var link = new Uri(Navigation.GetUriWithQueryParameters(
            Navigation.ToAbsoluteUri("account/confirm-email-change").AbsoluteUri,
            new Dictionary<string, object?>
            {
                ["userId"] = _user.Id.ToString(),
                ["email"] = newEmail,
                ["code"] = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token)),
            }));
        await Mails.QueueEmailChangeConfirmationAsync(_user, newEmail, link, HttpContext.RequestAborted);
        Navigation.NavigateTo("/account/manage/email?status=email-change-sent");
    }
}
