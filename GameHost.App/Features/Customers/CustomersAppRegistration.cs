using FluentValidation;
using GameHost.App.Features.Customers.Admin;

namespace GameHost.App.Features.Customers;

public static class CustomersAppRegistration
{
    /// <summary>
    /// The staff customer pages. The Domain side (queries, lock/unlock, audit) is registered by <c>AddAccounts()</c>.
    /// </summary>
    public static WebApplicationBuilder AddCustomersFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IValidator<LockReasonForm>, LockReasonValidator>();
        return builder;
    }
}
