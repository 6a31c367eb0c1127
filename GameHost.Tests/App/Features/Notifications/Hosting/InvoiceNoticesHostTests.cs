using GameHost.Domain.Billing.Notices;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Notifications.Hosting;

/// <summary>The real host wires the invoice notices into every context it hands out: the factory's and the scoped one.</summary>
public sealed class InvoiceNoticesHostTests
{
    [Fact]
    public async Task Host_ContextsFromFactoryAndScope_CarryTheInvoiceIssuedNotices()
    {
        using var factory = new GameHostAppFactory();
        using var client = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();

        await using var fromFactory = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<GameHostDbContext>>().CreateDbContextAsync();
        var scoped = scope.ServiceProvider.GetRequiredService<GameHostDbContext>();

        foreach (var db in new[] { fromFactory, scoped })
        {
            var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.Interceptors ?? [];
            Assert.Single(interceptors.OfType<InvoiceIssuedNotices>());
        }
    }
}
