using System.Globalization;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using GameHost.App.Features.Ordering;
using GameHost.Domain.Billing;
using GameHost.Domain.Catalog;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Tests.Domain.Billing;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Ordering;

/// <summary>
/// bUnit with MudBlazor's services, real resources, and the real catalog and billing Domain (PlaceOrder included) over
/// a migrated SQLite database holding the demo catalog; the panel is played by <see cref="FakeServerCapacity"/>.
/// </summary>
public abstract class OrderPageContext : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected OrderPageContext()
    {
        UseCulture("en-US");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<TimeProvider>(Data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(Data.Database);
        Services.AddSingleton<IServerCapacity>(Data.Capacity);
        Services.AddCatalog();
        Services.AddBilling();
        Services.AddSingleton(GameHost.Tests.TestSupport.TestNotifier.Create(Data.Time));
        Services.AddOrdering();
        Auth = AddAuthorization();
    }

    protected BillingTestData Data { get; } = new();

    protected BunitAuthorizationContext Auth { get; }

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    protected void SignIn(Guid userId, params string[] roles)
    {
        Auth.SetAuthorized("customer@gamehost.test");
        Auth.SetRoles(roles.Length == 0 ? [GameHost.Domain.Accounts.Roles.Customer] : roles);

        // After SetRoles: in this bUnit version setting roles rebuilds the identity without earlier custom claims.
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
    }

    /// <summary>Opens the order form as a customer at <paramref name="url"/> and waits until it has loaded.</summary>
    protected IRenderedComponent<OrderPage> Open(string url = "/cabinet/order")
    {
        Navigation.NavigateTo(url);
        var page = Render<OrderPage>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-linear")));
        return page;
    }

    protected static void UseCulture(string name) =>
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

    /// <summary>Types into a MudBlazor field the way its binding listens (on input when immediate, else on change).</summary>
    protected static void Type(IElement element, string value)
    {
        var input = element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
        if (input.HasAttribute("blazor:oninput"))
        {
            input.Input(value);
        }

        if (input.HasAttribute("blazor:onchange"))
        {
            input.Change(value);
        }
    }

    /// <summary>Picks a MudRadio by its data attribute value.</summary>
    protected static void Pick(IRenderedComponent<OrderPage> page, string testId, string attribute, string value)
    {
        var element = page.Find($"[data-testid={testId}][data-{attribute}='{value}']");
        var input = element.TagName == "INPUT" ? element : element.QuerySelector("input") ?? element;
        if (input.HasAttribute("blazor:onchange"))
        {
            input.Change(true);
        }
        else
        {
            input.Click();
        }
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable, and xUnit 2 disposes test classes synchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Data.Dispose();
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
    }
}
