using FluentValidation;
using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Features.Support.Admin;
using GameHost.App.Features.Support.Attachments;
using GameHost.App.Features.Support.Jobs;
using GameHost.App.Features.Support.Rendering;
using GameHost.App.Hosting;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Support;

namespace GameHost.App.Features.Support;

/// <summary>Marker for the support strings (SupportText.resx, SupportText.es.resx).</summary>
public sealed class SupportText;

/// <summary>The support domain, its markdown renderer, the services port, the SLA and idle-chat jobs and the attachment download.</summary>
public static class SupportAppRegistration
{
    public static WebApplicationBuilder AddSupportFeature(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSupport();
        builder.Services.AddOptions<SupportOptions>().BindConfiguration(SupportOptions.Section).PostConfigure<IConfiguration>((options, configuration) =>
        {
            // A relative folder lives under the data directory, never under the web root.
            if (!Path.IsPathRooted(options.AttachmentFolder))
            {
                var data = configuration.GetGameHostOptions().ResolveDataDirectory();
                options.AttachmentFolder = Path.Combine(data, Path.GetFileName(options.AttachmentFolder.TrimEnd('/', '\\')));
            }
        });
        builder.Services.AddSingleton<MessageRenderer>();
        builder.Services.AddSupportAdminValidators();
        builder.Services.AddScoped<ISupportServices, BillingSupportServices>();
        builder.Services.AddScoped<GameHost.Domain.Billing.Products.OneOffCharges>();
        builder.Services.AddScoped<GameHost.Domain.Support.Paid.ISupportCharges, BillingSupportCharges>();
        builder.AddScheduledJob<SupportSlaJob>(new JobDefinition(
            SupportSlaJob.Name, typeof(SupportSlaJob), TimeSpan.FromMinutes(5), typeof(SupportText), "JobSla"));
        builder.AddScheduledJob<SupportChatIdleJob>(new JobDefinition(
            SupportChatIdleJob.Name, typeof(SupportChatIdleJob), TimeSpan.FromMinutes(5), typeof(SupportText), "JobChatIdle"));
        return builder;
    }

    /// <summary>The admin console's form validators (departments, SLA rows, canned replies).</summary>
    public static IServiceCollection AddSupportAdminValidators(this IServiceCollection services)
    {
        services.AddScoped<IValidator<DepartmentEditorModel>, DepartmentEditorModelValidator>();
        services.AddScoped<IValidator<SlaPolicyRow>, SlaPolicyRowValidator>();
        services.AddScoped<IValidator<CannedReplyEditorModel>, CannedReplyEditorModelValidator>();
        return services;
    }

    public static IEndpointRouteBuilder MapSupportEndpoints(this IEndpointRouteBuilder endpoints) => AttachmentEndpoint.Map(endpoints);
}

/// <summary>The customer's services as support sees them, answered from billing's cabinet query.</summary>
public sealed class BillingSupportServices(CustomerServicesQuery services) : ISupportServices
{
    public async Task<string?> LabelIfOwnedAsync(Guid customerId, Guid serviceId, CancellationToken cancellationToken)
    {
        var list = await services.ListAsync(customerId, cancellationToken);
        return list.FirstOrDefault(s => s.SubscriptionId == serviceId)?.ServerName;
    }

    public async Task<IReadOnlyList<SupportServiceOption>> ListAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var list = await services.ListAsync(customerId, cancellationToken);
        return list.Where(s => s.Status != ServiceStatus.Removed && s.Status != ServiceStatus.Refunded)
            .Select(s => new SupportServiceOption(s.SubscriptionId, s.ServerName)).ToList();
    }
}
