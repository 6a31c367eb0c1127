using Bunit;
using GameHost.App.Features.Ordering;
using GameHost.Domain.Billing;
using GameHost.Domain.Catalog;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Tests.Domain.Billing;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Ordering;

/// <summary>
/// bUnit with MudBlazor's services, real resources, and the real catalog and billing Domain (PlaceOrder included) over
/// a migrated SQLite database holding the demo catalog; the panel is played by <see cref="FakeServerCapacity"/>.
/// </summary>
public abstract class OrderPageContext : PageTestContext
{
    protected OrderPageContext()
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<TimeProvider>(Data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(Data.Database);
        Services.AddSingleton<IServerCapacity>(Data.Capacity);
        Services.AddCatalog();
        Services.AddBilling();
        Services.AddSingleton(TestNotifier.Create(Data.Time));
        Services.AddOrdering();
    }

    protected BillingTestData Data { get; } = new();

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>Signs in as customer@gamehost.test, a customer unless other roles are given.</summary>
    protected void SignIn(Guid userId, params string[] roles) =>
        base.SignIn(userId, "customer@gamehost.test", roles.Length == 0 ? [GameHost.Domain.Accounts.Roles.Customer] : roles);

    /// <summary>Opens the order form as a customer at <paramref name="url"/> and waits until it has loaded.</summary>
    protected IRenderedComponent<OrderPage> Open(string url = "/cabinet/order")
    {
        Navigation.NavigateTo(url);
        var page = Render<OrderPage>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-linear")));
        return page;
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

    protected override void DisposeData() => Data.Dispose();
}
