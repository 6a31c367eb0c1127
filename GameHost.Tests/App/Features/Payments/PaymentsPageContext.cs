using Bunit;
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

namespace GameHost.Tests.App.Features.Payments;

/// <summary>
/// bUnit with MudBlazor's services, real resources (en-US) and the real payments Domain over SQLite with the real
/// migrations and a scripted gateway (<see cref="GatewayTestHost"/>). Nobody is signed in until the test says who.
/// </summary>
public abstract class PaymentsPageContext : PageTestContext
{
    protected PaymentsPageContext()
    {
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
    }

    protected GatewayTestHost Host { get; } = new();

    protected void SignIn(Guid userId, string role, string email = "someone@gamehost.test") => base.SignIn(userId, email, role);

    /// <summary>The popover and dialog hosts the layout normally provides; the dialog host is returned to find dialogs in.</summary>
    protected IRenderedComponent<MudDialogProvider> Providers()
    {
        Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }

    protected override void DisposeData() => Host.Dispose();
}
