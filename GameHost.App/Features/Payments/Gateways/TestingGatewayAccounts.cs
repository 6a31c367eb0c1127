using GameHost.Domain.Payments.Gateways;

namespace GameHost.App.Features.Payments.Gateways;

/// <summary>One gateway account given in configuration under <c>Payments:TestingAccounts</c> (Testing environment only).</summary>
public sealed class TestingGatewayAccount
{
    /// <summary>The adapter code (<c>paypal</c>, <c>stripe</c>, <c>payfast</c>).</summary>
    public string Gateway { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public List<string> Currencies { get; set; } = [];

    /// <summary>The adapter's settings (key → value), e.g. a base URL pointing at a local stand-in of the gateway.</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Creates (or refreshes) the gateway accounts listed in <c>Payments:TestingAccounts</c> once the database is ready, so
/// end-to-end tests can point the real adapters at local fake gateways. Registered only in the <c>Testing</c>
/// environment: an installation configures its gateways in the admin console, where every change is validated and audited.
/// </summary>
public sealed class TestingGatewayAccountsSeeder(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<TestingGatewayAccountsSeeder> logger) : IHostedService
{
    public const string Section = "Payments:TestingAccounts";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var wanted = configuration.GetSection(Section).Get<List<TestingGatewayAccount>>() ?? [];
        if (wanted.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<GatewayAccounts>();
        foreach (var account in wanted)
        {
            if (accounts.Registry.Find(account.Gateway) is not { } adapter)
            {
                throw new InvalidOperationException($"{Section}: no adapter is registered for gateway '{account.Gateway}'.");
            }

            var currencies = account.Currencies.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().ToList();
            if (currencies.Count == 0 || currencies.Any(c => !adapter.SupportedCurrencies.Contains(c)))
            {
                throw new InvalidOperationException($"{Section}: gateway '{account.Gateway}' needs currencies it supports, not [{string.Join(", ", currencies)}].");
            }

            var missing = adapter.SettingFields.Where(f => f.Required && !account.Settings.ContainsKey(f.Key)).Select(f => f.Key).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"{Section}: gateway '{account.Gateway}' lacks required settings {string.Join(", ", missing)}.");
            }

            var name = string.IsNullOrWhiteSpace(account.DisplayName) ? account.Gateway : account.DisplayName.Trim();
            var id = await accounts.EnsureAsync(account.Gateway, name, currencies, account.Settings, replaceSettings: true, cancellationToken);
            logger.LogWarning("Testing environment: gateway account {Account} ({Gateway}) configured from {Section}", id, account.Gateway, Section);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class TestingGatewayAccountsRegistration
{
    public const string TestingEnvironment = "Testing";

    /// <summary>Only in the <c>Testing</c> environment; elsewhere nothing is registered and the section is ignored.</summary>
    public static WebApplicationBuilder AddTestingGatewayAccounts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Environment.IsEnvironment(TestingEnvironment))
        {
            builder.Services.AddHostedService<TestingGatewayAccountsSeeder>();
        }

        return builder;
    }
}
