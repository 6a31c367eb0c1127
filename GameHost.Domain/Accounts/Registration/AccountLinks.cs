namespace GameHost.Domain.Accounts.Registration;

/// <summary>
/// Where account e-mails point. The host builds the addresses from the request it is serving, so a link works on
/// whatever host and port the user reached us on; the token is raw and the host encodes it for the URL.
/// </summary>
public interface IAccountLinks
{
    /// <summary>The product name the operator configured, used in subjects and signatures.</summary>
    string SiteName { get; }

    string ConfirmEmail(Guid userId, string token);

    string ResetPassword(string email, string token);
}
