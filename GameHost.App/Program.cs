using GameHost.App.Components;
using GameHost.App.Features.Accounts;
using GameHost.App.Features.Accounts.Manage;
using GameHost.App.Features.Notifications;
using GameHost.App.Features.Operations;
using GameHost.App.Hosting;
using GameHost.Domain.Persistence;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.AddRootSettings();

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
builder.Services.AddGameHostLocalization();
builder.Services.AddScoped<ThemeState>();

// Features.
builder.AddOperationsFeature();
builder.AddAccountsFeature();
builder.AddAccountsManageFeature();
builder.AddNotificationsFeature();

var app = builder.Build();

await app.PrepareDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapPreferenceEndpoints();
app.MapOperationsEndpoints();
app.MapAccountsEndpoints();

await app.RunAsync();

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
