using GameHost.App.Features.Provisioning.Settings;
using Microsoft.AspNetCore.DataProtection;

namespace GameHost.Tests.App.Features.Provisioning.Settings;

public class DataProtectionSecretProtectorTests
{
    private const string Secret = "ptla_Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFWXYZ";

    [Fact]
    public void Protect_ThenUnprotect_GivesTheSecretBackWithoutStoringItInClear()
    {
        var protector = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());

        var stored = protector.Protect(Secret);

        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
        Assert.Equal(Secret, protector.Unprotect(stored));
    }

    [Fact]
    public void Unprotect_PayloadOfAnotherKeyRingOrPurpose_IsNull()
    {
        var provider = new EphemeralDataProtectionProvider();
        var protector = new DataProtectionSecretProtector(provider);

        Assert.Null(protector.Unprotect(new DataProtectionSecretProtector(new EphemeralDataProtectionProvider()).Protect(Secret)));
        Assert.Null(protector.Unprotect(provider.CreateProtector("GameHost.Cookies").Protect(Secret)));
        Assert.Null(protector.Unprotect("not a protected payload"));
        Assert.Null(protector.Unprotect(""));
    }
}
