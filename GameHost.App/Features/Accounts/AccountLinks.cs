using System.Text;
using GameHost.Domain.Accounts.Registration;
using Microsoft.AspNetCore.WebUtilities;

namespace GameHost.App.Features.Accounts;

/// <summary>
/// Builds e-mailed account links from the base URL of the request being served (so they work on any host and port),
/// with Identity's tokens base64url-encoded for the query string.
/// </summary>
/// <param name="returnUrl">A local path the confirmation link carries on to the login page (see <see cref="ReturnUrlLink"/>).</param>
public sealed class AccountLinks(string baseUri, string siteName, string? returnUrl = null) : IAccountLinks
{
    private readonly string _base = baseUri.TrimEnd('/');

    public string SiteName { get; } = siteName;

    private string ReturnQuery => ReturnUrlLink.To("", returnUrl) is { Length: > 0 } query ? "&" + query.TrimStart('?') : "";

    public string ConfirmEmail(Guid userId, string token) =>
        $"{_base}/account/confirm-email?userId={userId}&code={Encode(token)}{ReturnQuery}";

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
