using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Operations;

public static class OperationsRegistration
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        return services;
    }
}
