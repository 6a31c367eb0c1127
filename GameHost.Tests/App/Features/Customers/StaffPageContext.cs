using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FluentValidation;
using GameHost.App.Features.Customers.Admin;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Customers;
using GameHost.Domain.Dashboard;
using GameHost.Domain.Persistence;
using GameHost.Tests.Domain.Accounts.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Customers;

/// <summary>
/// bUnit with MudBlazor's services, real resources, and the customer feature's Domain classes over a migrated SQLite
/// database; the signed-in user is set with <see cref="SignIn"/>.
/// </summary>
public abstract class StaffPageContext : BunitContext, IAsyncLifetime
{
    protected StaffPageContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(Data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(Data.Contexts());
        Services.AddCustomers();
        Services.AddDashboard();
        Services.AddScoped<IValidator<LockReasonForm>, LockReasonValidator>();
        Auth = AddAuthorization();
    }

    protected CustomerTestData Data { get; } = new();

    protected BunitAuthorizationContext Auth { get; }

    protected void SignIn(ApplicationUser user, params string[] roles)
    {
        Auth.SetAuthorized(user.Email!);
        Auth.SetRoles(roles);

        // After SetRoles: in this bUnit version setting roles rebuilds the identity without earlier custom claims.
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable, and xUnit 2 disposes test classes synchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Data.Dispose();
    }
}
