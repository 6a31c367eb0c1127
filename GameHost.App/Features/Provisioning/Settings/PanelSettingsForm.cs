using FluentValidation;
using GameHost.Domain.Provisioning.Settings;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Provisioning.Settings;

/// <summary>The panel settings form. The key field starts empty: the stored key is never sent back to the browser.</summary>
public sealed class PanelSettingsForm
{
    public string PanelUrl { get; set; } = "";

    public string PublicPanelUrl { get; set; } = "";

    public string ApiKey { get; set; } = "";

    public int SyncIntervalMinutes { get; set; } = PanelSettings.DefaultSyncIntervalMinutes;

    public static PanelSettingsForm From(PanelSettingsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new PanelSettingsForm
        {
            PanelUrl = view.PanelUrl,
            PublicPanelUrl = view.PublicPanelUrl,
            SyncIntervalMinutes = view.SyncIntervalMinutes,
        };
    }
}

/// <summary>The use case's shape rules, at the fields. <see cref="HasStoredKey"/> decides whether an empty key is allowed.</summary>
public sealed class PanelSettingsFormValidator : AbstractValidator<PanelSettingsForm>
{
    public PanelSettingsFormValidator(IStringLocalizer<PanelSettingsText> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        RuleFor(f => f.PanelUrl).Custom((url, context) =>
        {
            var result = PanelAddress.NormalizeRoot(url, PanelSettingsErrors.UrlInvalid);
            if (!result.IsSuccess)
            {
                context.AddFailure(nameof(PanelSettingsForm.PanelUrl), PanelSettingsDisplay.Error(localizer, result.Error));
            }
        });
        RuleFor(f => f.PublicPanelUrl)
            .Must(url => string.IsNullOrWhiteSpace(url) || PanelAddress.NormalizeRoot(url, PanelSettingsErrors.PublicUrlInvalid).IsSuccess)
            .WithMessage(_ => PanelSettingsDisplay.Error(localizer, PanelSettingsErrors.PublicUrlInvalid));
        RuleFor(f => f.ApiKey)
            .Must(key => string.IsNullOrWhiteSpace(key) || PanelAddress.CheckKey(key.Trim()) is null)
            .WithMessage(_ => PanelSettingsDisplay.Error(localizer, PanelSettingsErrors.ApiKeyInvalid));
        RuleFor(f => f.SyncIntervalMinutes)
            .InclusiveBetween(PanelAddress.MinSyncIntervalMinutes, PanelAddress.MaxSyncIntervalMinutes)
            .WithMessage(_ => PanelSettingsDisplay.Error(localizer, PanelSettingsErrors.SyncIntervalOutOfRange));
    }
}
