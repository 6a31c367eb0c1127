using System.Text;
using GameHost.Domain.Accounts;
using GameHost.Domain.Demo;
using GameHost.Domain.Persistence;

namespace GameHost.App.Hosting;

/// <summary>
/// At start-up: create the data folder, apply migrations, make sure the roles exist, and — only in Development or
/// when asked with <c>--Demo:Seed=true</c>, never in Production — seed demo accounts and print their passwords once.
/// </summary>
public static class DatabaseStartup
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("GameHost.Startup");

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        await services.GetRequiredService<RoleSeeder>().EnsureRolesAsync();

        if (!ShouldSeedDemo(app.Environment, app.Configuration, logger))
        {
            return;
        }

        var credentials = await services.GetRequiredService<DemoSeeder>().SeedAsync(app.Lifetime.ApplicationStopping);
        if (credentials.Count > 0)
        {
            PrintCredentials(credentials);
        }
    }

    public static bool ShouldSeedDemo(IHostEnvironment environment, IConfiguration configuration, ILogger logger)
    {
        var requested = configuration.GetValue<bool>("Demo:Seed");
        if (environment.IsProduction())
        {
            if (requested)
            {
                logger.LogWarning("Demo:Seed is ignored in Production: demo accounts are never created there.");
            }

            return false;
        }

        return requested || environment.IsDevelopment();
    }

    private static void PrintCredentials(IReadOnlyList<DemoCredential> credentials)
    {
        // Printed once, when created; the passwords are not stored anywhere in clear.
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("================ GameHost demo accounts (shown once) ================");
        foreach (var c in credentials)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {c.Role,-9} {c.Email,-32} password: {c.Password}");
        }

        text.AppendLine("=====================================================================");
        Console.Out.Write(text.ToString());
        Console.Out.Flush();
    }
}
