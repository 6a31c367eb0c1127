using GameHost.App.Components;
using GameHost.App.Components.Layout;
using GameHost.App.Features.Accounts;
using GameHost.App.Features.Billing.Cabinet.Balance;
using GameHost.App.Features.Billing.Jobs;
using GameHost.App.Features.Catalog;
using GameHost.App.Features.Customers;
using GameHost.App.Features.Dashboard;
using GameHost.App.Features.Accounts.Manage;
using GameHost.App.Features.Notifications;
using GameHost.App.Features.Operations;
using GameHost.App.Features.Payments;
using GameHost.App.Features.Payments.Webhooks;
using GameHost.App.Features.Operations.Jobs;
using GameHost.App.Features.Provisioning.Settings;
using GameHost.App.Features.Ordering;
using GameHost.App.Features.Provisioning;
using GameHost.App.Features.Support;
using GameHost.App.Features.Support.Mail;
using GameHost.App.Features.Testing;
using GameHost.App.Hosting;
using GameHost.Domain.Billing;
using GameHost.Domain.Catalog;
using GameHost.Domain.Payments;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.AddRootSettings();

// Outside Development the assets of referenced packages (MudBlazor's CSS and JS) come from the published output.
// A plain build run in another environment (end-to-end tests) opts in to the build's asset manifest instead.
if (builder.Configuration.GetValue<bool>("GameHost:ServeBuildAssets"))
{
    builder.WebHost.UseStaticWebAssets();
}

var settings = builder.Configuration.GetGameHostOptions();
builder.Services.Configure<GameHostOptions>(builder.Configuration.GetSection(GameHostOptions.Section));
builder.Services.AddSingleton(TimeProvider.System);

// Store: one SQLite file under the data folder (created and migrated at start-up).
var connectionString = settings.ExpandDataDirectory(builder.Configuration.GetConnectionString("GameHost")
    ?? throw new InvalidOperationException("ConnectionStrings:GameHost is not set."));
StoreRegistration.EnsureDatabaseDirectory(connectionString);
builder.Services.AddGameHostStore(connectionString);
builder.Services.AddDataProtection()
    .SetApplicationName("GameHost")
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.ResolveDataDirectory(), "keys")));

// UI: Blazor Server + MudBlazor, English and Spanish.
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddTransient<MudBlazor.MudLocalizer, GameHostMudLocalizer>();
builder.Services.AddGameHostLocalization();
builder.Services.AddScoped<ThemeState>();

// Features.
builder.AddOperationsFeature();
builder.AddAccountsFeature();
builder.AddAccountsManageFeature();
builder.AddNotificationsFeature();
builder.AddJobsFeature();
builder.AddCustomersFeature();
builder.AddDashboardFeature();
builder.Services.AddCatalog();
builder.Services.AddProvisioning();
builder.AddPanelSettingsFeature();
builder.AddPterodactylPanel();
builder.Services.AddBilling();
builder.Services.AddPayments();
builder.AddCatalogFeature();
builder.AddBillingJobs();
builder.AddBalanceJobs();
builder.AddPaymentsFeature();
builder.AddOrderingFeature();
builder.AddProvisioningFeature();
builder.AddSupportFeature();
builder.AddSupportMail();
builder.AddTestingControls();

var app = builder.Build();

await app.PrepareDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

// Gateway webhooks branch off here: they need none of the site's middleware below.
app.UseGatewayWebhooks();
app.UseOperationsPipeline();
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAccountsFeature();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapPreferenceEndpoints();
app.MapOperationsEndpoints();
app.MapAccountsEndpoints();
app.MapDemoPanel();
app.MapBalanceEndpoints();
app.MapNotificationEndpoints();
app.MapPaymentsFeature();
app.MapSupportEndpoints();
app.MapTestingControls();

await app.RunAsync();

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
