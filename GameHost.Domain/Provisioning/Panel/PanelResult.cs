using System.Diagnostics.CodeAnalysis;

namespace GameHost.Domain.Provisioning.Panel;

/// <summary>
/// What kind of trouble a panel call ran into, which decides what the provisioning processor does next
/// (contract §8 "error class → action").
/// </summary>
public enum PanelFailureKind
{
    /// <summary>429 that outlasted the adapter's own waiting: try again later, it is not a failed attempt.</summary>
    RateLimited = 0,

    /// <summary>Timeout, dropped connection, 500/502/503 on a write: the panel may have done it. Re-read before retrying.</summary>
    OutcomeUnknown = 1,

    /// <summary><c>DaemonConnectionException</c>: the node's daemon did not answer. Transient.</summary>
    DaemonUnavailable = 2,

    /// <summary><c>NoViableNodeException</c> / <c>NoViableAllocationException</c>: no room. No blind retry.</summary>
    OutOfStock = 3,

    /// <summary>422 <c>unique</c>: something with this identity exists already (adopt it).</summary>
    Duplicate = 4,

    /// <summary>Other 422s and 400s: bad product or customer input. Permanent until someone fixes it.</summary>
    InvalidRequest = 5,

    /// <summary>401, 403, 2FA required, a redirect or a non-JSON answer: the panel connection is misconfigured.</summary>
    Credentials = 6,

    /// <summary>409: a transfer is running. Retry later.</summary>
    Conflict = 7,

    /// <summary>404 where something was expected.</summary>
    NotFound = 8,
}

/// <summary>A panel failure as the adapter classified it, with the panel's own words for the admin queue.</summary>
/// <param name="HttpStatus">The HTTP status, or null when no answer arrived.</param>
/// <param name="Code">The panel's exception short name (e.g. <c>ValidationException</c>) or the adapter's (e.g. <c>Timeout</c>).</param>
/// <param name="Detail">The panel's detail text, shown to staff.</param>
/// <param name="SourceField">For 422s: the field the panel objected to.</param>
/// <param name="Rule">For 422s: the rule that failed (e.g. <c>unique</c>).</param>
/// <param name="RetryAfter">For rate limits: how long the panel asked us to wait.</param>
public sealed record PanelFailure(
    PanelFailureKind Kind,
    int? HttpStatus,
    string Code,
    string Detail,
    string? SourceField = null,
    string? Rule = null,
    TimeSpan? RetryAfter = null)
{
    /// <summary>Every 422 entry the panel sent (this one first); one per failed rule per field.</summary>
    public IReadOnlyList<PanelFailure> All { get; init; } = [];

    /// <summary>Transient kinds are retried with backoff; the others stop in the admin queue.</summary>
    public bool IsTransient => Kind is PanelFailureKind.RateLimited or PanelFailureKind.OutcomeUnknown
        or PanelFailureKind.DaemonUnavailable or PanelFailureKind.Conflict;

    public override string ToString() => $"{Kind} {HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {Code}: {Detail}";
}

/// <summary>Nothing to return (204 answers).</summary>
public readonly record struct PanelUnit;

/// <summary>The outcome of one panel call: a value, or a classified failure. Adapters never throw for panel trouble.</summary>
public readonly record struct PanelResult<T>
{
    private PanelResult(T? value, PanelFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public PanelFailure? Failure { get; }

    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Failure is null;

    public static PanelResult<T> Success(T value) => new(value, null);

    public static PanelResult<T> Fail(PanelFailure failure) => new(default, failure ?? throw new ArgumentNullException(nameof(failure)));

    public static implicit operator PanelResult<T>(T value) => Success(value);

    public static implicit operator PanelResult<T>(PanelFailure failure) => Fail(failure);
}
