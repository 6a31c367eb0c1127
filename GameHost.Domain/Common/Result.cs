using System.Diagnostics.CodeAnalysis;

namespace GameHost.Domain.Common;

/// <summary>
/// A business failure with a stable code (e.g. <c>accounts.email_taken</c>). Tests assert the code;
/// the UI turns it into localized words. <see cref="Field"/> names the input it belongs to, if any.
/// </summary>
public sealed record Error(string Code, string Message, string? Field = null)
{
    /// <summary>Facts the UI may show beside the message, e.g. the ids of locations that can take an order instead.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>Every field error found together with this one (this one first), so a form can mark all of them at once.</summary>
    public IReadOnlyList<Error> Related { get; init; } = [];

    public static Error Validation(string field, string code, string message) => new(code, message, field);
}

public readonly record struct Result
{
    private Result(Error? error) => Error = error;

    public Error? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static Result Success() => new(null);

    public static Result Failure(Error error) => new(error);

    public static implicit operator Result(Error error) => Failure(error);
}

public readonly record struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public Error? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
}
