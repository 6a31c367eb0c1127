using System.Text;
using GameHost.Domain.Accounts.Registration;
using Microsoft.AspNetCore.WebUtilities;

namespace GameHost.App.Features.Accounts;

/// <summary>
/// Builds e-mailed account links from the base URL of the request being served (so they work on any host and port),
/// with Identity's tokens base64url-encoded for the query string.
/// </summary>
public sealed class AccountLinks(string baseUri, string siteName) : IAccountLinks
{
    private readonly string _base = baseUri.TrimEnd('/');

    public string SiteName { get; } = siteName;

    public string ConfirmEmail(Guid userId, string token) =>
        $"{_base}/account/confirm-email?userId={userId}&code={Encode(token)}";

    public string ResetPassword(string email, string token) =>
        $"{_base}/account/reset-password?email={Uri.EscapeDataString(email)}&code={Encode(token)}";

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token back from a link, or null when the code was cut or tampered with.</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
