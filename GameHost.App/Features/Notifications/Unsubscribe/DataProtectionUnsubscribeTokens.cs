using System.Security.Cryptography;
using GameHost.Domain.Notifications;
using Microsoft.AspNetCore.DataProtection;

namespace GameHost.App.Features.Notifications.Unsubscribe;

/// <summary>
/// Unsubscribe tokens protected (signed and encrypted) with ASP.NET Data Protection under a purpose of their own: they
/// do not expire, name one user and one event, and cannot be made for anyone else without the key ring.
/// </summary>
public sealed class DataProtectionUnsubscribeTokens(IDataProtectionProvider provider) : IUnsubscribeTokens
{
    public const string Purpose = "GameHost.Notifications.Unsubscribe.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Create(Guid userId, string eventCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventCode);
        return _protector.Protect($"{userId:N}|{eventCode}");
    }

    public UnsubscribeTarget? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            return null;
        }

        string plain;
        try
        {
            plain = _protector.Unprotect(token.Trim());
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }

        var parts = plain.Split('|');
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var userId) && parts[1].Length > 0
            ? new UnsubscribeTarget(userId, parts[1])
            : null;
    }
}
