using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.Domain.Billing;

public class BillingRegistrationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddBilling_EitherOrderWithAddCatalog_BillingAnswersTariffUsageAndEverythingResolves(bool catalogFirst)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(GameHost.Tests.TestSupport.TestNotifier.Create(TimeProvider.System));
        services.AddGameHostStore("Data Source=:memory:");
        if (catalogFirst)
        {
            services.AddCatalog();
        }

        services.AddBilling();
        if (!catalogFirst)
        {
            services.AddCatalog();
        }

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var scope = provider.CreateScope();

        Assert.IsType<SubscriptionTariffUsage>(scope.ServiceProvider.GetRequiredService<ITariffUsage>());
        Assert.IsType<NoPanelServerCapacity>(scope.ServiceProvider.GetRequiredService<IServerCapacity>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<PlaceOrder>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<CustomerInvoicesQuery>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<InvoiceDetailsQuery>());
    }
}
