namespace GameHost.Domain.Common;

/// <summary>
/// Port for secrets kept at rest (panel API keys, gateway credentials): the store only ever holds the protected form.
/// The App implements it with ASP.NET Data Protection.
/// </summary>
public interface ISecretProtector
{
    string Protect(string secret);

    /// <summary>Null when the protected text cannot be read back (keys lost or rotated away).</summary>
    string? Unprotect(string protectedSecret);
}
