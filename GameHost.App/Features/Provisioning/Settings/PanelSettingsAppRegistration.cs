using FluentValidation;
using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.App.Features.Provisioning.Settings;

public static class PanelSettingsAppRegistration
{
    /// <summary>
    /// Settings → Panel: the stored panel connection (which every panel call reads), secrets protected with Data
    /// Protection, the form validator, and the catalogue sync job (wakes every few minutes, syncs at the stored interval).
    /// </summary>
    public static WebApplicationBuilder AddPanelSettingsFeature(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        builder.Services.AddPanelSettings();
        builder.Services.AddPanelSettingsValidators();
        builder.AddScheduledJob<SyncPanelCatalogJob>(new JobDefinition(
            SyncPanelCatalogJob.Name, typeof(SyncPanelCatalogJob), SyncPanelCatalogJob.PollEvery, typeof(PanelSettingsText), "JobSyncPanelCatalog"));
        return builder;
    }

    public static IServiceCollection AddPanelSettingsValidators(this IServiceCollection services)
    {
        services.AddScoped<IValidator<PanelSettingsForm>, PanelSettingsFormValidator>();
        return services;
    }
}
