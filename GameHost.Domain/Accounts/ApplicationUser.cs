using Microsoft.AspNetCore.Identity;

namespace GameHost.Domain.Accounts;

/// <summary>Anyone who signs in: customers and staff alike. Role membership says which.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public string FullName { get; set; } = "";

    /// <summary>UI culture name, e.g. <c>en</c> or <c>es</c>; it follows the user across devices.</summary>
    public string PreferredLanguage { get; set; } = SupportedLanguages.Default;

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastLoginAtUtc { get; set; }

    /// <summary>Set when staff lock the account by hand (as opposed to the automatic failed-login lockout).</summary>
    public bool IsLockedByStaff { get; set; }

    public CustomerProfile? CustomerProfile { get; set; }
}
