using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Operations;

public static class OperationsRegistration
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddScoped<JobRunRecorder>();
        services.AddScoped<JobRunsQuery>();
        return services;
    }
}
