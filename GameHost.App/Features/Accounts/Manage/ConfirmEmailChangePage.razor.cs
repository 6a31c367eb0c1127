using System.Text;
using GameHost.App.Hosting;
using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace GameHost.App.Features.Accounts.Manage;

public partial class ConfirmEmailChangePage
{
    private Outcome _outcome = Outcome.Invalid;

    private enum Outcome
    {
        Invalid,
        Taken,
        AlreadyDone,
        Changed,
    }

    [Inject]
    private UserManager<ApplicationUser> Users { get; set; } = default!;

    [Inject]
    private SignInManager<ApplicationUser> SignIn { get; set; } = default!;

    [Inject]
    private AccountMails Mails { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? UserId { get; set; }

    [SupplyParameterFromQuery]
    private string? Email { get; set; }

    [SupplyParameterFromQuery]
    private string? Code { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (!Guid.TryParse(UserId, out _) || string.IsNullOrWhiteSpace(Email) || string.IsNullOrWhiteSpace(Code)
            || await Users.FindByIdAsync(UserId!) is not { } user)
        {
            return;
        }

        var email = Email.Trim();
        if (string.Equals(user.NormalizedEmail, Users.NormalizeEmail(email), StringComparison.Ordinal))
        {
            // A second click on the same link: the change already happened.
            _outcome = Outcome.AlreadyDone;
            return;
        }

        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Code));
        }
        catch (FormatException)
        {
            return;
        }

        var oldEmail = user.Email ?? "";
        // The user name is the e-mail: set it first so ChangeEmailAsync saves both (and checks both are free) at once.
        user.UserName = email;
        var result = await Users.ChangeEmailAsync(user, email, token);
        if (!result.Succeeded)
        {
            _outcome = result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                ? Outcome.Taken
                : Outcome.Invalid;
            return;
        }

        // ChangeEmailAsync renewed the security stamp; keep this browser signed in if it is the same user.
        if (HttpContext.User.UserId() == user.Id)
        {
            await SignIn.RefreshSignInAsync(user);
        }

        await Mails.QueueEmailChangedNoticeAsync(user, oldEmail, email, HttpContext.RequestAborted);
        _outcome = Outcome.Changed;
    }
}
