using FluentValidation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace GameHost.App.Components.Shared.Forms;

/// <summary>
/// Runs the FluentValidation validator registered for the form's model inside an <see cref="EditForm"/>, and
/// shows each failure at its field. Works on static and interactive pages alike, because validation always
/// runs on the server. Pages add business errors returned by a use case with <see cref="AddError"/>.
/// </summary>
public sealed class FluentValidator : ComponentBase, IDisposable
{
    private ValidationMessageStore? _messages;
    private EditContext? _subscribedContext;

    [CascadingParameter]
    private EditContext? EditContext { get; set; }

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (EditContext is null)
        {
            throw new InvalidOperationException($"{nameof(FluentValidator)} must be placed inside an EditForm.");
        }

        if (ReferenceEquals(EditContext, _subscribedContext))
        {
            return;
        }

        Unsubscribe();
        _subscribedContext = EditContext;
        _messages = new ValidationMessageStore(EditContext);
        EditContext.OnValidationRequested += OnValidationRequested;
        EditContext.OnFieldChanged += OnFieldChanged;
    }

    /// <summary>Shows a server-side error (e.g. "this e-mail is already registered") at a field of the model.</summary>
    public void AddError(string fieldName, string message)
    {
        if (EditContext is null || _messages is null)
        {
            return;
        }

        _messages.Add(EditContext.Field(fieldName), message);
        EditContext.NotifyValidationStateChanged();
    }

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        if (EditContext is null || _messages is null)
        {
            return;
        }

        _messages.Clear();
        foreach (var failure in Validate(EditContext.Model, propertyName: null))
        {
            _messages.Add(EditContext.Field(failure.PropertyName), failure.ErrorMessage);
        }

        EditContext.NotifyValidationStateChanged();
    }

    private void OnFieldChanged(object? sender, FieldChangedEventArgs e)
    {
        if (_messages is null || EditContext is null || !ReferenceEquals(e.FieldIdentifier.Model, EditContext.Model))
        {
            return;
        }

        _messages.Clear(e.FieldIdentifier);
        foreach (var failure in Validate(EditContext.Model, e.FieldIdentifier.FieldName))
        {
            _messages.Add(e.FieldIdentifier, failure.ErrorMessage);
        }

        EditContext.NotifyValidationStateChanged();
    }

    private IEnumerable<FluentValidation.Results.ValidationFailure> Validate(object model, string? propertyName)
    {
        var validatorType = typeof(IValidator<>).MakeGenericType(model.GetType());
        if (Services.GetService(validatorType) is not IValidator validator)
        {
            throw new InvalidOperationException($"No validator is registered for {model.GetType().Name}.");
        }

        var context = propertyName is null
            ? new ValidationContext<object>(model)
            : new ValidationContext<object>(model, new FluentValidation.Internal.PropertyChain(),
                new FluentValidation.Internal.MemberNameValidatorSelector([propertyName]));
        return validator.Validate(context).Errors;
    }

    private void Unsubscribe()
    {
        if (_subscribedContext is not null)
        {
            _subscribedContext.OnValidationRequested -= OnValidationRequested;
            _subscribedContext.OnFieldChanged -= OnFieldChanged;
        }
    }

    public void Dispose() => Unsubscribe();
}
