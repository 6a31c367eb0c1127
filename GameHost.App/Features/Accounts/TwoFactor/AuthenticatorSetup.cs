using System.Text;
using QRCoder;

namespace GameHost.App.Features.Accounts.TwoFactor;

/// <summary>What an authenticator app needs to be set up: the shared key to type and the otpauth URI to scan.</summary>
public static class AuthenticatorSetup
{
    /// <summary>Groups of four, lower case: easier to read out and type on a phone than one long run.</summary>
    public static string FormatKey(string unformattedKey)
    {
        ArgumentNullException.ThrowIfNull(unformattedKey);
        var result = new StringBuilder();
        for (var i = 0; i < unformattedKey.Length; i += 4)
        {
            if (i > 0)
            {
                result.Append(' ');
            }

            result.Append(unformattedKey.AsSpan(i, Math.Min(4, unformattedKey.Length - i)));
        }

        return result.ToString().ToLowerInvariant();
    }

    /// <summary>The key-URI format authenticator apps read from the QR code (issuer and account label, six digits).</summary>
    public static Uri OtpAuthUri(string issuer, string accountName, string unformattedKey)
    {
        var label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(accountName);
        return new Uri(
            $"otpauth://totp/{label}?secret={Uri.EscapeDataString(unformattedKey)}&issuer={Uri.EscapeDataString(issuer)}&digits=6&period=30");
    }

    /// <summary>An SVG QR code as a data URI, drawn here: the secret never goes to an outside service.</summary>
    public static string QrCodeDataUri(Uri otpAuthUri)
    {
        ArgumentNullException.ThrowIfNull(otpAuthUri);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(otpAuthUri.OriginalString, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(5);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }

    /// <summary>People type codes with spaces or dashes ("123 456"); Identity wants the bare digits.</summary>
    public static string NormalizeCode(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
