using System.Text;
using GameHost.Domain.Common;

namespace GameHost.Tests.Domain.Provisioning.Settings;

/// <summary>
/// Reversible but unreadable at a glance (base64 of the reversed bytes, with a prefix), so a test can prove the clear
/// key never reaches the store. <see cref="KeyRingLost"/> plays a lost key ring: nothing can be read back.
/// </summary>
public sealed class FakeSecretProtector : ISecretProtector
{
    private const string Prefix = "protected:";

    public bool KeyRingLost { get; set; }

    public string Protect(string secret) => Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret).Reverse().ToArray());

    public string? Unprotect(string protectedSecret)
    {
        if (KeyRingLost || !protectedSecret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        return Encoding.UTF8.GetString(Convert.FromBase64String(protectedSecret[Prefix.Length..]).Reverse().ToArray());
    }
}
