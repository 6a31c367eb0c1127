using System.Globalization;
using Bunit;
using GameHost.App.Features.Provisioning.Settings;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Domain.Provisioning.PanelCatalog;
using GameHost.Domain.Provisioning.Settings;
using GameHost.Tests.App.Features.Catalog;
using GameHost.Tests.Domain.Provisioning.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Provisioning.Settings;

/// <summary>The panel settings page over the real use cases, a fake secret protector and an in-memory panel.</summary>
public class PanelSettingsPageTests : CatalogPageContext
{
    private readonly FakeSecretProtector _protector = new();
    private readonly FakePanelApi _panel = new();

    public PanelSettingsPageTests()
    {
        Services.AddSingleton<ISecretProtector>(_protector);
        Services.AddSingleton<IPterodactylApi>(_panel);
        Services.AddPanelSettings();
        Services.AddPanelSettingsValidators();
        SignInAsAdmin();
    }

    [Fact]
    public async Task Render_WithStoredKey_ShowsOnlyTheMaskedKeyAndAnEmptyKeyField()
    {
        await SaveAsync();

        var page = Render<PanelSettingsPage>();

        page.WaitForAssertion(() => Assert.Equal("Stored key: ptla_…WXYZ", page.Find("[data-testid=panel-key-hint]").TextContent.Trim()));
        Assert.DoesNotContain(PanelTestData.PanelKey, page.Markup, StringComparison.Ordinal);
        var keyInput = page.Find("[data-testid=panel-api-key] input, input[data-testid=panel-api-key]");
        Assert.Equal("password", keyInput.GetAttribute("type"));
        Assert.True(string.IsNullOrEmpty(keyInput.GetAttribute("value")));
        Assert.Equal("https://panel.example.com", page.Find("[data-testid=panel-url] input, input[data-testid=panel-url]").GetAttribute("value"));
    }

    [Fact]
    public async Task Save_FilledForm_StoresTheSettingsAndClearsTheKeyField()
    {
        var providers = RenderProviders();
        var page = Render<PanelSettingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=panel-origin-none]"));

        Type(page.Find("[data-testid=panel-url]"), "https://panel.example.com/");
        Type(page.Find("[data-testid=panel-api-key]"), PanelTestData.PanelKey);
        page.Find("[data-testid=panel-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("Stored key: ptla_…WXYZ", page.Find("[data-testid=panel-key-hint]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=panel-origin-none]"));
        Assert.True(string.IsNullOrEmpty(page.Find("[data-testid=panel-api-key] input, input[data-testid=panel-api-key]").GetAttribute("value")));
        providers.WaitForAssertion(() => Assert.Contains("Panel settings saved.", providers.Markup, StringComparison.Ordinal));
        var connection = await Services.GetRequiredService<IPanelConnectionSource>().GetAsync(CancellationToken.None);
        Assert.Equal(PanelTestData.PanelKey, connection!.ApiKey);
    }

    [Fact]
    public void Save_ApiPathInTheAddressAndNoKey_ShowsBothMessagesAtTheirFields()
    {
        var page = Render<PanelSettingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=panel-form]"));

        Type(page.Find("[data-testid=panel-url]"), "https://panel.example.com/api/application");
        Type(page.Find("[data-testid=panel-api-key]"), "short");
        page.Find("[data-testid=panel-save]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("without /api/application", FieldText(page, "panel-url"), StringComparison.Ordinal);
            Assert.Contains("does not look like a panel API key", FieldText(page, "panel-api-key"), StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(401, "AuthenticationException", "Unauthenticated.", "WrongKey", "does not accept this API key")]
    [InlineData(403, "AccessDeniedHttpException", "This account does not have permission to access the API.", "NotAdmin", "not a root administrator")]
    [InlineData(400, "TwoFactorAuthRequiredException", "Two-factor authentication is required.", "TwoFactorRequired", "Enable 2FA on that account")]
    [InlineData(302, "Redirect", "Redirected to /auth/login", "Redirected", "answered with a redirect")]
    public async Task TestConnection_PanelRefuses_SaysWhatIsWrongInWords(int status, string code, string detail, string problem, string words)
    {
        await SaveAsync();
        _panel.Failures["ListLocations"] = FakePanelApi.Failure(PanelFailureKind.Credentials, status, code, detail);
        var page = Render<PanelSettingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=panel-test]"));

        page.Find("[data-testid=panel-test]").Click();

        page.WaitForAssertion(() => Assert.Equal(problem, page.Find("[data-testid=panel-test-result]").GetAttribute("data-problem")));
        var result = page.Find("[data-testid=panel-test-result]").TextContent;
        Assert.Contains(words, result, StringComparison.Ordinal);
        Assert.Contains(detail, page.Find("[data-testid=panel-test-detail]").TextContent, StringComparison.Ordinal);
        Assert.Contains(words, page.Find("[data-testid=panel-last-test]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnection_PanelAnswers_SaysConnectedWithTheLocationCount()
    {
        await SaveAsync();
        var page = Render<PanelSettingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=panel-test]"));

        page.Find("[data-testid=panel-test]").Click();

        page.WaitForAssertion(() => Assert.Equal(
            "Connected: the panel answered and lists 2 locations.", page.Find("[data-testid=panel-test-result]").TextContent.Trim()));
        Assert.Contains("working", page.Find("[data-testid=panel-last-test]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncNow_ShowsTheCatalogueWithNodesAndEggs()
    {
        await SaveAsync();
        var page = Render<PanelSettingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=panel-catalog-empty]"));

        page.Find("[data-testid=panel-sync]").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=panel-node]").Count));
        var jnb = page.Find("[data-testid=panel-node][data-node='3']");
        Assert.Contains("za-jnb — Johannesburg", jnb.TextContent, StringComparison.Ordinal);
        Assert.Equal("12 GiB / 16 GiB", jnb.QuerySelector("[data-testid=node-free-memory]")!.TextContent.Trim());
        Assert.Equal("12", jnb.QuerySelector("[data-testid=node-free-allocations]")!.TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=panel-node][data-node='4'] [data-testid=node-maintenance]"));
        Assert.Contains("2 locations, 2 nodes, 1 nests, 2 eggs", page.Find("[data-testid=panel-catalog-counts]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncNow_PanelFails_SaysSoAndKeepsTheCatalogue()
    {
        await SaveAsync();
        await Services.GetRequiredService<SyncPanelCatalog>().ExecuteAsync(CancellationToken.None);
        _panel.Failures["ListNodes"] = FakePanelApi.Failure(PanelFailureKind.OutcomeUnknown, null, "Timeout", "No answer within 15 s.");
        var page = Render<PanelSettingsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=panel-node]").Count));

        page.Find("[data-testid=panel-sync]").Click();

        page.WaitForAssertion(() => Assert.Contains("could not be reached", page.Find("[data-testid=panel-sync-failed]").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, page.FindAll("[data-testid=panel-node]").Count);
    }

    [Fact]
    public async Task Render_KeyUnreadable_AsksForTheKeyAgain()
    {
        await SaveAsync();
        _protector.KeyRingLost = true;
        Services.GetRequiredService<StoredPanelConnection>().Invalidate();

        var page = Render<PanelSettingsPage>();

        page.WaitForAssertion(() => Assert.Contains("can no longer be decrypted", page.Find("[data-testid=panel-origin-key-unreadable]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_InSpanish_UsesSpanishWords()
    {
        UseCulture("es-ES");
        await SaveAsync();
        var page = Render<PanelSettingsPage>();

        page.WaitForAssertion(() => Assert.Equal("Clave guardada: ptla_…WXYZ", page.Find("[data-testid=panel-key-hint]").TextContent.Trim()));
        Assert.Contains("Probar conexión", page.Find("[data-testid=panel-test]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(PanelSettingsPage))]
    [InlineData(typeof(SettingsIndexPage))]
    public void Pages_RequireTheAdminPolicy(Type page)
    {
        var policies = page.GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>().Select(a => a.Policy);
        Assert.Contains(GameHost.App.Features.Accounts.Policies.Admin, policies);
    }

    private async Task SaveAsync()
    {
        var result = await Services.GetRequiredService<SavePanelSettings>().ExecuteAsync(
            new SavePanelSettingsCommand(Data.AdminId, "https://panel.example.com", null, PanelTestData.PanelKey, 60), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    private static string FieldText(IRenderedComponent<PanelSettingsPage> page, string testId) =>
        page.Find($"[data-testid={testId}]").Closest(".mud-input-control")?.TextContent ?? "";
}
