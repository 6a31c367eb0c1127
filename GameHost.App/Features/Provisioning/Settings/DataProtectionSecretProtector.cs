using System.Security.Cryptography;
using GameHost.Domain.Common;
using Microsoft.AspNetCore.DataProtection;

namespace GameHost.App.Features.Provisioning.Settings;

/// <summary>
/// Keeps secrets at rest (panel API keys, later gateway credentials) encrypted with ASP.NET Data Protection, under a
/// purpose of their own so no other protected payload (cookies, antiforgery) can be replayed as a secret or the other
/// way round. The key ring lives in <c>&lt;DataDirectory&gt;/keys</c> (docs/decisions/0007-secrets-at-rest.md).
/// </summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    /// <summary>Bump the version only with a migration that re-protects every stored secret.</summary>
    public const string Purpose = "GameHost.Secrets.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return _protector.Protect(secret);
    }

    public string? Unprotect(string protectedSecret)
    {
        if (string.IsNullOrEmpty(protectedSecret))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            // The key that protected it is gone (key ring lost, replaced or from another install): the caller shows
            // staff that the secret must be entered again.
            return null;
        }
    }
}
