using AngleSharp.Dom;
using Bunit;
using GameHost.App.Features.Catalog.Admin;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.PanelCatalog;
using GameHost.Domain.Provisioning.Settings;
using GameHost.Tests.Domain.Provisioning.Settings;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using static GameHost.Tests.Domain.Catalog.CatalogTestData;

namespace GameHost.Tests.App.Features.Catalog;

/// <summary>The tariff editor with and without a synced panel catalogue (the in-memory panel's: za-jnb, de-fra, Paper, Forge).</summary>
public class TariffEditorPanelPickerTests : CatalogPageContext
{
    public TariffEditorPanelPickerTests() => SignInAsAdmin();

    [Fact]
    public void Render_NoSyncedCatalogue_KeepsTheIdFieldsAndLinksToThePanelSettings()
    {
        var editor = Render<TariffEditorPage>();

        editor.WaitForAssertion(() => editor.Find("[data-testid=panel-catalog-hint]"));
        Assert.Equal("/admin/settings/panel", editor.Find("[data-testid=panel-catalog-hint-link]").GetAttribute("href"));
        Assert.NotNull(editor.Find("[data-testid=nest-id]"));
        Assert.NotNull(editor.Find("[data-testid=locations]"));
        Assert.Empty(editor.FindAll("[data-testid=egg-picker]"));
    }

    [Fact]
    public async Task PickEgg_FillsImageStartupAndTheEggsVariables()
    {
        await SyncPanelAsync();
        var editor = Render<TariffEditorPage>();
        editor.WaitForAssertion(() => editor.Find("[data-testid=egg-picker]"));
        Assert.Empty(editor.FindAll("[data-testid=panel-catalog-hint]"));

        await ChooseAsync(editor, "nest-picker", 1);
        await ChooseAsync(editor, "egg-picker", 3);

        Assert.Equal("Paper (#3)", SelectText(editor, "egg-picker"));
        Assert.Equal("Java 21 — ghcr.io/pterodactyl/yolks:java_21", SelectText(editor, "image-picker"));
        Assert.Equal("java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}", InputValue(editor.Find("[data-testid=startup]")));
        var rows = editor.FindAll("[data-testid=egg-variable]");
        Assert.Equal(["SERVER_JARFILE", "BUILD_NUMBER", "MAX_PLAYERS"], rows.Select(r => r.GetAttribute("data-env")));
        Assert.Equal("20", InputValue(rows[2].QuerySelector("[data-testid=egg-variable-default]")!));

        // The image list is the egg's: the other image can be picked.
        await ChooseAsync(editor, "image-picker", "ghcr.io/pterodactyl/yolks:java_17");
        Assert.Equal("Java 17 — ghcr.io/pterodactyl/yolks:java_17", SelectText(editor, "image-picker"));
    }

    [Fact]
    public async Task ImportVariables_AfterStaffEdits_KeepsTheirDefaultsAndRestoresRemovedVariables()
    {
        await SyncPanelAsync();
        var editor = Render<TariffEditorPage>();
        editor.WaitForAssertion(() => editor.Find("[data-testid=egg-picker]"));
        await ChooseAsync(editor, "nest-picker", 1);
        await ChooseAsync(editor, "egg-picker", 3);

        Type(editor.FindAll("[data-testid=egg-variable]")[1].QuerySelector("[data-testid=egg-variable-default]")!, "2150");
        editor.FindAll("[data-testid=egg-variable]")[2].QuerySelector("button")!.Click();
        Assert.Equal(2, editor.FindAll("[data-testid=egg-variable]").Count);

        editor.Find("[data-testid=import-variables]").Click();

        var rows = editor.FindAll("[data-testid=egg-variable]");
        Assert.Equal(["SERVER_JARFILE", "BUILD_NUMBER", "MAX_PLAYERS"], rows.Select(r => r.GetAttribute("data-env")));
        Assert.Equal("2150", InputValue(rows[1].QuerySelector("[data-testid=egg-variable-default]")!));
        Assert.Equal("20", InputValue(rows[2].QuerySelector("[data-testid=egg-variable-default]")!));
    }

    [Fact]
    public async Task NewTariff_PickedFromThePanel_IsSavedWithTheEggsSettingsAndLocations()
    {
        await SyncPanelAsync();
        var editor = Render<TariffEditorPage>();
        editor.WaitForAssertion(() => editor.Find("[data-testid=egg-picker]"));
        Type(editor.Find("[data-testid=name-en]"), "Paper 8 GB");
        Type(editor.Find("[data-testid=slug]"), "paper-8gb");
        await ChooseAsync(editor, "nest-picker", 1);
        await ChooseAsync(editor, "egg-picker", 3);
        await ChooseManyAsync(editor, "location-picker", [2, 1]);
        Type(editor.Find("[data-testid=price-USD-Month1]"), "16.00");

        editor.Find("[data-testid=save-tariff]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        editor.WaitForAssertion(() => Assert.Matches("/admin/catalog/tariffs/[0-9a-f-]{36}$", navigation.Uri));
        var id = Guid.Parse(navigation.Uri[^36..]);
        var content = (await Data.TariffDetails().ExecuteAsync(id, CancellationToken.None))!.CurrentVersion.Content;
        Assert.Equal(new GameHost.Domain.Catalog.GameConfig(1, 3, "ghcr.io/pterodactyl/yolks:java_21", "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}"), content.Game);
        Assert.Equal([1, 2], content.LocationIds);
        Assert.Equal(["SERVER_JARFILE", "BUILD_NUMBER", "MAX_PLAYERS"], content.Variables.Select(v => v.EnvName));
        Assert.Equal([true, true, false], content.Variables.Select(v => v.CustomerSettable));
        Assert.Equal("required|integer|min:1|max:500", content.Variables[2].Rules);
    }

    [Fact]
    public async Task Render_ExistingTariff_ShowsLocationNamesInsteadOfIds()
    {
        var saved = await Data.AddTariffAsync();
        await SyncPanelAsync();

        var editor = Render<TariffEditorPage>(p => p.Add(x => x.Id, saved.TariffId));

        editor.WaitForAssertion(() => Assert.Equal("za-jnb — Johannesburg", SelectText(editor, "location-picker")));
        Assert.Equal("Paper (#3)", SelectText(editor, "egg-picker"));
        Assert.Empty(editor.FindAll("[data-testid=locations]"));

        await ChooseManyAsync(editor, "node-picker", [3]);
        Assert.StartsWith("jnb-node-1 (za-jnb)", SelectText(editor, "node-picker"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_DefaultBreaksTheEggRule_ShowsItAtTheVariableAndSavesNothing()
    {
        await SyncPanelAsync();
        var editor = Render<TariffEditorPage>();
        editor.WaitForAssertion(() => editor.Find("[data-testid=egg-picker]"));
        Type(editor.Find("[data-testid=name-en]"), "Paper 8 GB");
        Type(editor.Find("[data-testid=slug]"), "paper-8gb");
        await ChooseAsync(editor, "nest-picker", 1);
        await ChooseAsync(editor, "egg-picker", 3);
        await ChooseManyAsync(editor, "location-picker", [1]);
        Type(editor.Find("[data-testid=price-USD-Month1]"), "16.00");
        Type(editor.FindAll("[data-testid=egg-variable]")[2].QuerySelector("[data-testid=egg-variable-default]")!, "lots");

        editor.Find("[data-testid=save-tariff]").Click();

        editor.WaitForAssertion(() => Assert.Contains(
            "Max Players: the default must be a whole number (rules: required|integer|min:1|max:500).",
            editor.FindAll("[data-testid=egg-variable]")[2].TextContent,
            StringComparison.Ordinal));
        Assert.Empty(await new CatalogAdminQuery(Data.Contexts()).TariffsAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task Save_DefaultBreaksTypedRuleWithoutPanel_IsRefusedToo()
    {
        var saved = await Data.AddTariffAsync();
        var editor = Render<TariffEditorPage>(p => p.Add(x => x.Id, saved.TariffId));
        editor.WaitForAssertion(() => editor.Find("[data-testid=egg-variable]"));

        Type(editor.FindAll("[data-testid=egg-variable]")[0].QuerySelector("[data-testid=egg-variable-default]")!, "server.zip");
        editor.Find("[data-testid=save-tariff]").Click();

        editor.WaitForAssertion(() => Assert.Contains(
            "Server Jar File: the default does not have the format its rules require",
            editor.FindAll("[data-testid=egg-variable]")[0].TextContent,
            StringComparison.Ordinal));
        Assert.Equal(1, (await Data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None))!.CurrentVersionNumber);
    }

    private async Task SyncPanelAsync()
    {
        await using var services = new ServiceCollection()
            .AddSingleton<IDbContextFactory<GameHostDbContext>>(Data.Contexts())
            .BuildServiceProvider();
        var connection = new StoredPanelConnection(
            services.GetRequiredService<IServiceScopeFactory>(), new FakeSecretProtector(), [new FakeBuiltInPanel(FakeBuiltInPanel.Demo)], Data.Time);
        var outcome = await new SyncPanelCatalog(Data.Contexts(), connection, new FakePanelApi(), Data.Time).ExecuteAsync(CancellationToken.None);
        Assert.Equal(PanelSyncState.Synced, outcome.State);
    }

    private static IRenderedComponent<MudSelect<T>> Select<T>(IRenderedComponent<TariffEditorPage> editor, string testId) =>
        editor.FindComponents<MudSelect<T>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));

    // MudBlazor's own list popover is not what is under test here: the picks go straight to the select's callbacks.
    private static Task ChooseAsync<T>(IRenderedComponent<TariffEditorPage> editor, string testId, T value)
    {
        var select = Select<T>(editor, testId);
        return select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    private static Task ChooseManyAsync(IRenderedComponent<TariffEditorPage> editor, string testId, int[] values)
    {
        var select = Select<int>(editor, testId);
        return select.InvokeAsync(() => select.Instance.SelectedValuesChanged.InvokeAsync(values));
    }

    private static string SelectText(IRenderedComponent<TariffEditorPage> editor, string testId) =>
        testId == "image-picker"
            ? Select<string>(editor, testId).Instance.GetState(x => x.Text) ?? ""
            : Select<int>(editor, testId).Instance.GetState(x => x.Text) ?? "";

    private static string InputValue(IElement element)
    {
        var input = element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
        return input.GetAttribute("value") ?? "";
    }
}
