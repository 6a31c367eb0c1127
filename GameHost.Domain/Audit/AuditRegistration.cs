using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Audit;

public static class AuditRegistration
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        return services;
    }
}
