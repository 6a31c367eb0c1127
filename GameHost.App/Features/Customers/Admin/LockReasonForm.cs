using FluentValidation;
using GameHost.Domain.Accounts.Customers;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Customers.Admin;

public sealed class LockReasonForm
{
    public string? Reason { get; set; }
}

/// <summary>The same rules the lock use case enforces, checked at the field before it is asked.</summary>
public sealed class LockReasonValidator : AbstractValidator<LockReasonForm>
{
    public LockReasonValidator(IStringLocalizer<CustomersText> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        RuleFor(f => f.Reason)
            .Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => localizer["Error.customers.reason_required"])
            .Must(r => r is null || r.Trim().Length <= CustomerAccess.MaxReasonLength).WithMessage(_ => localizer["Error.customers.reason_too_long"]);
    }
}

/// <summary>Adapts a FluentValidation validator to MudForm's per-field validation function.</summary>
public static class MudFormValidation
{
    public static Func<object, string, Task<IEnumerable<string>>> For<T>(IValidator<T> validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return async (model, propertyName) =>
        {
            var result = await validator.ValidateAsync(
                ValidationContext<T>.CreateWithOptions((T)model, options => options.IncludeProperties(propertyName)));
            return result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage);
        };
    }
}
