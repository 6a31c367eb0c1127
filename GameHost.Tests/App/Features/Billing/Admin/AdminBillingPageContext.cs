using AngleSharp.Dom;
using Bunit;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing;
using GameHost.Domain.Catalog;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Tests.Domain.Billing.Invoicing;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Billing.Admin;

/// <summary>
/// bUnit with MudBlazor's services, real resources and the real billing Domain over a migrated SQLite file database
/// (South Africa's 15 % VAT seeded), signed in as the administrator of <see cref="InvoicingTestData"/>.
/// </summary>
public abstract class AdminBillingPageContext : PageTestContext
{
    protected AdminBillingPageContext()
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<TimeProvider>(Data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(_ => Data.Contexts);
        Services.AddSingleton<IServerCapacity>(Data.Refunds.Capacity);
        Services.AddCatalog();
        Services.AddBilling();
        Services.AddSingleton(TestNotifier.Create(TimeProvider.System));
        SignIn(Data.AdminId, Roles.Admin);
    }

    protected void SignIn(Guid userId, string role) => base.SignIn(userId, "user@gamehost.test", role);

    protected InvoicingTestData Data { get; } = new();

    /// <summary>
    /// Types into a MudBlazor field the way its binding listens: on input when immediate, else on change (never both,
    /// unlike the shared helper).
    /// </summary>
    protected static new void Type(IElement element, string value)
    {
        var input = element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
        if (input.HasAttribute("blazor:oninput"))
        {
            input.Input(value);
        }
        else
        {
            input.Change(value);
        }
    }

    protected override void DisposeData() => Data.Dispose();
}
