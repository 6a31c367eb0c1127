using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Accounts.Profile;

public static class ProfileRegistration
{
    /// <summary>Self-service profile use case and query.</summary>
    public static IServiceCollection AddAccountProfile(this IServiceCollection services)
    {
        services.AddScoped<UpdateProfile>();
        services.AddScoped<ProfileQuery>();
        return services;
    }
}
