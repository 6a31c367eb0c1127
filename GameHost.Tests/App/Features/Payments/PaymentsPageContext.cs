using System.Globalization;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Payments;

/// <summary>
/// bUnit with MudBlazor's services, real resources (en-US) and the real payments Domain over SQLite with the real
/// migrations and a scripted gateway (<see cref="GatewayTestHost"/>). Nobody is signed in until the test says who.
/// </summary>
public abstract class PaymentsPageContext : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected PaymentsPageContext()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en-US");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddLogging();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<TimeProvider>(Host.Data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(Host.Data.Database);
        Services.AddSingleton(Host.Get<ISecretProtector>());
        Services.AddSingleton<GameHost.Domain.Provisioning.IServerCapacity>(Host.Data.Capacity);
        Services.AddSingleton<IPaymentGateway>(Host.Gateway);
        Services.AddPayments();
        Services.Configure<ProvisioningSiteOptions>(o => o.PublicBaseUrl = "https://hosting.test");
        Services.AddSingleton(TestNotifier.Create(Host.Data.Time));
        Auth = AddAuthorization();
    }

    protected GatewayTestHost Host { get; } = new();

    protected BunitAuthorizationContext Auth { get; }

    protected void SignIn(Guid userId, string role, string email = "someone@gamehost.test")
    {
        Auth.SetAuthorized(email);
        Auth.SetRoles(role);

        // After SetRoles: in this bUnit version setting roles rebuilds the identity without earlier custom claims.
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
    }

    /// <summary>Types into a MudBlazor field the way its binding listens (on input when immediate, else on change).</summary>
    protected static void Type(IElement element, string value)
    {
        var input = InputOf(element);
        if (input.HasAttribute("blazor:oninput"))
        {
            input.Input(value);
        }

        if (input.HasAttribute("blazor:onchange"))
        {
            input.Change(value);
        }
    }

    private static IElement InputOf(IElement element) => element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;

    /// <summary>The popover and dialog hosts the layout normally provides; the dialog host is returned to find dialogs in.</summary>
    protected IRenderedComponent<MudDialogProvider> Providers()
    {
        Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable, and xUnit 2 disposes test classes synchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Host.Dispose();
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
