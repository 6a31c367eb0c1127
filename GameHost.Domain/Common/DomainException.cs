namespace GameHost.Domain.Common;

/// <summary>A broken invariant: a bug in the caller, not a business outcome (those are <see cref="Result{T}"/>).</summary>
public sealed class DomainException : Exception
{
    public DomainException(string code, string message) : base(message) => Code = code;

    public DomainException() : this("domain.error", "A domain rule was broken.") { }

    public DomainException(string message) : this("domain.error", message) { }

    public DomainException(string message, Exception innerException) : base(message, innerException) => Code = "domain.error";

    public string Code { get; }
}
