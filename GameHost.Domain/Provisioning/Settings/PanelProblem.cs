using GameHost.Domain.Provisioning.Panel;

namespace GameHost.Domain.Provisioning.Settings;

/// <summary>
/// What is wrong with the panel connection, in the terms an administrator fixes it by. Finer than
/// <see cref="PanelFailureKind"/>: every misconfiguration is <see cref="PanelFailureKind.Credentials"/> to the
/// provisioning processor, but "wrong key" and "enable 2FA" are different instructions to a person. Stored by name.
/// </summary>
public enum PanelProblem
{
    /// <summary>No panel address and key are stored, and no built-in panel runs.</summary>
    NotConfigured = 0,

    /// <summary>The stored key cannot be decrypted any more (the data-protection key ring was lost or replaced).</summary>
    KeyUnreadable = 1,

    /// <summary>401: the key is wrong, revoked or expired.</summary>
    WrongKey = 2,

    /// <summary>403 "does not have permission to access the API": the key's owner is not a root administrator.</summary>
    NotAdmin = 3,

    /// <summary>403 "This action is unauthorized": the application key lacks a read/write permission.</summary>
    MissingPermission = 4,

    /// <summary>403 about the IP address: the key's allow-list does not include this server.</summary>
    IpNotAllowed = 5,

    /// <summary>400 <c>TwoFactorAuthRequiredException</c>: the panel requires 2FA and the key's owner has none.</summary>
    TwoFactorRequired = 6,

    /// <summary>A 3xx: the address redirects (http→https, another host, a login page), or the Accept header was lost.</summary>
    Redirected = 7,

    /// <summary>An answer that is not the API's JSON: the address is not the panel, or a proxy page answered.</summary>
    NotAnApi = 8,

    /// <summary>404 where the API should be: the address is not the panel's root.</summary>
    NotFound = 9,

    /// <summary>No answer at all (DNS, refused, timeout, TLS).</summary>
    Unreachable = 10,

    /// <summary>The panel answered with a server error.</summary>
    PanelError = 11,

    /// <summary>429 that outlasted the adapter's waiting.</summary>
    RateLimited = 12,

    /// <summary>Anything else; the panel's own words are shown beside it.</summary>
    Other = 13,
}

/// <summary>Turns a classified panel failure into the problem an administrator is told about.</summary>
public static class PanelProblems
{
    public static PanelProblem Classify(PanelFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.HttpStatus is >= 300 and < 400)
        {
            return PanelProblem.Redirected;
        }

        if (string.Equals(failure.Code, NoPanelApi.NotConfiguredCode, StringComparison.Ordinal))
        {
            return PanelProblem.NotConfigured;
        }

        if (string.Equals(failure.Code, "TwoFactorAuthRequiredException", StringComparison.Ordinal))
        {
            return PanelProblem.TwoFactorRequired;
        }

        return failure.Kind switch
        {
            PanelFailureKind.Credentials => Credentials(failure),
            PanelFailureKind.RateLimited => PanelProblem.RateLimited,
            PanelFailureKind.NotFound => PanelProblem.NotFound,
            PanelFailureKind.OutcomeUnknown or PanelFailureKind.DaemonUnavailable =>
                failure.HttpStatus is null ? PanelProblem.Unreachable : PanelProblem.PanelError,
            _ => failure.HttpStatus == 404 ? PanelProblem.NotFound : PanelProblem.Other,
        };
    }

    private static PanelProblem Credentials(PanelFailure failure) => failure.HttpStatus switch
    {
        401 => PanelProblem.WrongKey,
        // All three 403s share one exception code; only the panel's sentence tells them apart. It picks the advice
        // shown, nothing else, and an unknown sentence falls back to the permission advice.
        // The IP sentence also says "does not have permission to access the API", so it is recognised first.
        403 when Mentions(failure, "IP address") => PanelProblem.IpNotAllowed,
        403 when Mentions(failure, "permission to access the API") => PanelProblem.NotAdmin,
        403 => PanelProblem.MissingPermission,
        404 => PanelProblem.NotFound,
        null => PanelProblem.Unreachable,
        _ => PanelProblem.NotAnApi,
    };

    private static bool Mentions(PanelFailure failure, string words) =>
        failure.Detail.Contains(words, StringComparison.OrdinalIgnoreCase);
}
