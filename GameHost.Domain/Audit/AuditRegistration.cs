using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.Domain.Audit;

public static class AuditRegistration
{
    /// <summary>Safe to call from every feature that audits: registers once.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.TryAddSingleton<AuditLog>();
        services.TryAddScoped<AuditLogQuery>();
        return services;
    }
}
