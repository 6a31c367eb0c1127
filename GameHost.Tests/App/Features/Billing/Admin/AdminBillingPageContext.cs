using System.Globalization;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing;
using GameHost.Domain.Catalog;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Tests.Domain.Billing.Invoicing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Billing.Admin;

/// <summary>
/// bUnit with MudBlazor's services, real resources and the real billing Domain over a migrated SQLite file database
/// (South Africa's 15 % VAT seeded), signed in as the administrator of <see cref="InvoicingTestData"/>.
/// </summary>
public abstract class AdminBillingPageContext : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected AdminBillingPageContext()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en-US");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<TimeProvider>(Data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(_ => Data.Contexts);
        Services.AddSingleton<IServerCapacity>(Data.Refunds.Capacity);
        Services.AddCatalog();
        Services.AddBilling();
        Services.AddSingleton(GameHost.Tests.TestSupport.TestNotifier.Create(TimeProvider.System));
        Auth = AddAuthorization();
        SignIn(Data.AdminId, Roles.Admin);
    }

    protected BunitAuthorizationContext Auth { get; }

    protected void SignIn(Guid userId, string role)
    {
        Auth.SetAuthorized("user@gamehost.test");
        Auth.SetRoles(role);

        // After SetRoles: in this bUnit version setting roles rebuilds the identity without earlier custom claims.
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
    }

    protected InvoicingTestData Data { get; } = new();

    /// <summary>Types into a MudBlazor field the way its binding listens (on input when immediate, else on change).</summary>
    protected static void Type(IElement element, string value)
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

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        Data.Dispose();
    }
}
