using FluentValidation;
using GameHost.App.Features.Customers.Admin;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Customers;
using GameHost.Domain.Dashboard;
using GameHost.Domain.Persistence;
using GameHost.Tests.Domain.Accounts.Customers;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Customers;

/// <summary>
/// bUnit with MudBlazor's services, real resources, and the customer feature's Domain classes over a migrated SQLite
/// database, in the thread's own culture; the signed-in user is set with <see cref="SignIn(ApplicationUser, string[])"/>.
/// </summary>
public abstract class StaffPageContext : PageTestContext
{
    protected StaffPageContext()
        : base(culture: null)
    {
        Services.AddSingleton<TimeProvider>(Data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(Data.Contexts());
        Services.AddCustomers();
        Services.AddDashboard();
        Services.AddScoped<IValidator<LockReasonForm>, LockReasonValidator>();
    }

    protected CustomerTestData Data { get; } = new();

    protected void SignIn(ApplicationUser user, params string[] roles) => base.SignIn(user.Id, user.Email!, roles);

    protected override void DisposeData() => Data.Dispose();
}
