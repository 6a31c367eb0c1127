using System.Globalization;
using Bunit;
using GameHost.App.Features.Catalog.Admin;
using GameHost.App.Features.Accounts;
using GameHost.Domain.Accounts;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Queries;
using GameHost.Domain.Catalog.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static GameHost.Tests.Domain.Catalog.CatalogTestData;

namespace GameHost.Tests.App.Features.Catalog;

public class CatalogAdminPagesTests : CatalogPageContext
{
    [Fact]
    public async Task NewTariff_FilledAndSaved_IsCreatedAndListed()
    {
        SignInAsAdmin();
        var editor = Render<TariffEditorPage>();
        editor.WaitForAssertion(() => editor.Find("[data-testid=tariff-form]"));

        Type(editor.Find("[data-testid=name-en]"), "Paper 16 GB");
        Type(editor.Find("[data-testid=slug]"), "paper-16gb");
        Type(editor.Find("[data-testid=nest-id]"), "1");
        Type(editor.Find("[data-testid=egg-id]"), "3");
        Type(editor.Find("[data-testid=docker-image]"), "ghcr.io/pterodactyl/yolks:java_21");
        Type(editor.Find("[data-testid=startup]"), "java -jar server.jar");
        Type(editor.Find("[data-testid=locations]"), "1, 2");
        Type(editor.Find("[data-testid=price-USD-Month1]"), "25.00");
        editor.Find("[data-testid=save-tariff]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        editor.WaitForAssertion(() => Assert.Matches("/admin/catalog/tariffs/[0-9a-f-]{36}$", navigation.Uri));
        var list = await new CatalogAdminQuery(Data.Contexts()).TariffsAsync(null, CancellationToken.None);
        var created = Assert.Single(list);
        Assert.Equal("Paper 16 GB", created.Name.En);
        Assert.Equal([Usd(2500)], created.FromPerMonth);

        var page = Render<CatalogPage>();
        page.WaitForAssertion(() => Assert.Equal("Paper 16 GB", page.Find("[data-testid=tariff-link]").TextContent.Trim()));
        Assert.Contains("$25.00", page.Find("[data-testid=tariff-prices]").TextContent, StringComparison.Ordinal);
        Assert.Equal("1", page.Find("[data-testid=tariff-version-cell]").TextContent.Trim());
    }

    [Fact]
    public async Task EditPrice_Saved_CreatesVersionTwoAndHistoryShowsBoth()
    {
        var saved = await Data.AddTariffAsync();
        SignInAsAdmin();
        var providers = RenderProviders();
        var editor = Render<TariffEditorPage>(p => p.Add(x => x.Id, saved.TariffId));
        editor.WaitForAssertion(() => editor.Find("[data-testid=price-USD-Month1]"));
        Assert.Contains("version 2", editor.Find("[data-testid=version-hint]").TextContent, StringComparison.Ordinal);

        Type(editor.Find("[data-testid=price-USD-Month1]"), "12.00");
        editor.Find("[data-testid=save-tariff]").Click();

        editor.WaitForAssertion(() => Assert.Equal(
            ["2", "1"], editor.FindAll("[data-testid=version-entry]").Select(e => e.GetAttribute("data-version"))));
        var entries = editor.FindAll("[data-testid=version-entry]");
        Assert.Contains("prices", entries[0].QuerySelector("[data-testid=version-changes]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("$12.00", entries[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("$10.00", entries[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("olivia@gamehost.test", entries[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Version 2", editor.Find("[data-testid=tariff-version]").TextContent, StringComparison.Ordinal);
        providers.WaitForAssertion(() => Assert.Contains("existing services keep their price", providers.Markup, StringComparison.Ordinal));
        var details = await Data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None);
        Assert.Equal(2, details!.CurrentVersionNumber);
        Assert.Contains(details.CurrentVersion.Content.Prices, p => p.Period == BillingPeriod.Month1 && p.Amount == Usd(1200));
    }

    [Fact]
    public async Task Save_WithInvalidFields_ShowsMessagesAtTheFieldsAndSavesNothing()
    {
        SignInAsAdmin();
        var editor = Render<TariffEditorPage>();
        editor.WaitForAssertion(() => editor.Find("[data-testid=tariff-form]"));

        Type(editor.Find("[data-testid=slug]"), "Not A Slug");
        Type(editor.Find("[data-testid=price-USD-Month1]"), "9.999");
        editor.Find("[data-testid=save-tariff]").Click();

        editor.WaitForAssertion(() =>
        {
            Assert.Contains("The English name is required.", FieldText(editor, "name-en"), StringComparison.Ordinal);
            Assert.Contains("1–100 lower-case letters", FieldText(editor, "slug"), StringComparison.Ordinal);
            Assert.Contains("more decimals than the currency", editor.Find("[data-testid=price-grid-error]").TextContent, StringComparison.Ordinal);
        });
        Assert.Empty(await new CatalogAdminQuery(Data.Contexts()).TariffsAsync(null, CancellationToken.None));
        Assert.Contains("/", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/catalog/tariffs/", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_AfterSomeoneElseEdited_ShowsReloadMessageAndKeepsTheirVersion()
    {
        var saved = await Data.AddTariffAsync();
        SignInAsAdmin();
        var editor = Render<TariffEditorPage>(p => p.Add(x => x.Id, saved.TariffId));
        editor.WaitForAssertion(() => editor.Find("[data-testid=price-USD-Month1]"));
        var other = await Data.EditTariff().ExecuteAsync(
            new EditTariffCommand(Data.AdminId, saved.TariffId, saved.ConcurrencyToken, Data.Settings(), Content("Paper 4 GB by someone else")),
            CancellationToken.None);
        Assert.True(other.IsSuccess);

        Type(editor.Find("[data-testid=price-USD-Month1]"), "12.00");
        editor.Find("[data-testid=save-tariff]").Click();

        editor.WaitForAssertion(() => Assert.Contains("Someone else changed this tariff", editor.Find("[data-testid=stale-alert]").TextContent, StringComparison.Ordinal));
        // What the user typed is still on screen, not silently replaced.
        Assert.Equal("12.00", editor.Find("[data-testid=price-USD-Month1] input, input[data-testid=price-USD-Month1]").GetAttribute("value"));
        var details = await Data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None);
        Assert.Equal(2, details!.CurrentVersionNumber);
        Assert.Equal("Paper 4 GB by someone else", details.CurrentVersion.Content.Name.En);
        Assert.Contains(details.CurrentVersion.Content.Prices, p => p.Period == BillingPeriod.Month1 && p.Amount == Usd(1000));

        editor.Find("[data-testid=stale-reload]").Click();
        editor.WaitForAssertion(() => Assert.Empty(editor.FindAll("[data-testid=stale-alert]")));
        Assert.Equal("Paper 4 GB by someone else", editor.Find("[data-testid=tariff-title]").TextContent.Trim());
    }

    [Fact]
    public async Task NewPromoCode_FilledInTheDialog_IsCreatedAndListedActive()
    {
        SignInAsAdmin();
        var providers = RenderProviders();
        var page = Render<CatalogPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=promos-empty]"));

        page.Find("[data-testid=new-promo]").Click();
        providers.WaitForAssertion(() => providers.Find("[data-testid=promo-save]"));
        Type(providers.Find("[data-testid=promo-code]"), "SPRING25");
        Type(providers.Find("[data-testid=promo-percent]"), "25");
        Type(providers.Find("[data-testid=promo-max-uses]"), "100");
        providers.Find("[data-testid=promo-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("SPRING25", page.Find("[data-testid=promo-row-code]").TextContent.Trim()));
        Assert.Equal("Active", page.Find("[data-testid=promo-status]").GetAttribute("data-status"));
        Assert.Equal("0 / 100", page.Find("[data-testid=promo-uses]").TextContent.Trim());
        var promo = Assert.Single(await Data.PromoCodeList().ExecuteAsync(CancellationToken.None));
        Assert.Equal(2500, promo.PercentBasisPoints);
        Assert.Equal(PromoAppliesTo.FirstPeriod, promo.AppliesTo);
        Assert.Equal(100, promo.MaxUses);
    }

    [Fact]
    public async Task NewPromoCode_TakenCode_ShowsTheMessageAtTheField()
    {
        await Data.AddPromoAsync();
        SignInAsAdmin();
        var providers = RenderProviders();
        var page = Render<CatalogPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=promo-row-code]"));

        page.Find("[data-testid=new-promo]").Click();
        providers.WaitForAssertion(() => providers.Find("[data-testid=promo-save]"));
        Type(providers.Find("[data-testid=promo-code]"), "welcome10");
        providers.Find("[data-testid=promo-save]").Click();

        providers.WaitForAssertion(() => Assert.Contains("Another promo code already uses this code.", providers.Markup, StringComparison.Ordinal));
        Assert.Single(await Data.PromoCodeList().ExecuteAsync(CancellationToken.None));
    }

    [Fact]
    public async Task NewAddOn_FilledInTheDialog_IsCreatedWithItsUnitPrice()
    {
        SignInAsAdmin();
        var providers = RenderProviders();
        var page = Render<CatalogPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=new-addon]"));

        page.Find("[data-testid=new-addon]").Click();
        providers.WaitForAssertion(() => providers.Find("[data-testid=addon-save]"));
        Type(providers.Find("[data-testid=addon-key]"), "extra-disk");
        Type(providers.Find("[data-testid=addon-name-en]"), "+10 GB disk");
        Type(providers.Find("[data-testid=price-USD-Month1]"), "1.50");
        providers.Find("[data-testid=addon-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("extra-disk", page.Find("[data-testid=addons-table]").TextContent, StringComparison.Ordinal));
        var addOn = Assert.Single(await new CatalogAdminQuery(Data.Contexts()).AddOnsAsync(CancellationToken.None));
        Assert.Equal([new PriceSpec(BillingPeriod.Month1, Usd(150))], addOn.UnitPrices);
    }

    [Fact]
    public async Task Archive_Confirmed_ArchivesAndMakesTheEditorReadOnly()
    {
        var saved = await Data.AddTariffAsync();
        SignInAsAdmin();
        var providers = RenderProviders();
        var editor = Render<TariffEditorPage>(p => p.Add(x => x.Id, saved.TariffId));
        editor.WaitForAssertion(() => editor.Find("[data-testid=archive-tariff]"));

        editor.Find("[data-testid=archive-tariff]").Click();
        providers.WaitForAssertion(() => Assert.Contains("Stop selling Paper 4 GB?", providers.Find(".mud-message-box").TextContent, StringComparison.Ordinal));
        var buttons = providers.FindAll(".mud-message-box button");
        buttons[^1].Click();

        editor.WaitForAssertion(() => editor.Find("[data-testid=tariff-archived]"));
        Assert.True(editor.Find("[data-testid=save-tariff]").HasAttribute("disabled"));
        Assert.Empty(editor.FindAll("[data-testid=archive-tariff]"));
        Assert.True((await Data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None))!.IsArchived);
    }

    [Fact]
    public async Task Render_InSpanish_UsesSpanishWordsAndTariffNames()
    {
        var saved = await Data.AddTariffAsync();
        SignInAsAdmin();
        UseCulture("es");

        var page = Render<CatalogPage>();
        var editor = Render<TariffEditorPage>(p => p.Add(x => x.Id, saved.TariffId));

        page.WaitForAssertion(() => Assert.Equal("Paper 4 GB (es)", page.Find("[data-testid=tariff-link]").TextContent.Trim()));
        var table = page.Find("[data-testid=tariffs-table]").TextContent;
        Assert.Contains("Visibilidad", table, StringComparison.Ordinal);
        Assert.Contains("Pública", table, StringComparison.Ordinal);
        Assert.Contains("Prepago por periodo", table, StringComparison.Ordinal);
        Assert.Contains("Códigos promocionales", page.Markup, StringComparison.Ordinal);
        editor.WaitForAssertion(() => Assert.Contains("Nombre (inglés)", editor.Markup, StringComparison.Ordinal));
        Assert.Contains("Historial de versiones", editor.Markup, StringComparison.Ordinal);
        Assert.Contains("Primera versión", editor.Find("[data-testid=version-changes]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_AsSupportAgent_ShowsTheRefusalAndChangesNothing()
    {
        var saved = await Data.AddTariffAsync();
        SignIn(Data.SupportId, "sam@gamehost.test", Roles.Support);
        var editor = Render<TariffEditorPage>(p => p.Add(x => x.Id, saved.TariffId));
        editor.WaitForAssertion(() => editor.Find("[data-testid=price-USD-Month1]"));

        Type(editor.Find("[data-testid=price-USD-Month1]"), "1.00");
        editor.Find("[data-testid=save-tariff]").Click();

        editor.WaitForAssertion(() => Assert.Equal("Only administrators can change the catalog.", editor.Find("[data-testid=save-error]").TextContent.Trim()));
        var details = await Data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None);
        Assert.Equal(1, details!.CurrentVersionNumber);
    }

    [Theory]
    [InlineData(typeof(CatalogPage))]
    [InlineData(typeof(TariffEditorPage))]
    public void Pages_RequireTheAdminPolicy(Type page)
    {
        // Support agents and customers are turned away by the router before the page renders.
        var attribute = Assert.Single(page.GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>());
        Assert.Equal(Policies.Admin, attribute.Policy);
    }

    [Fact]
    public async Task PriceChange_TooSoon_IsRefusedAtTheFieldThenScheduledAndListed()
    {
        var saved = await Data.AddTariffAsync();
        var edited = await Data.EditTariff().ExecuteAsync(
            new EditTariffCommand(Data.AdminId, saved.TariffId, saved.ConcurrencyToken, Data.Settings(), Content("Paper 4 GB v2")), CancellationToken.None);
        Assert.True(edited.IsSuccess);
        SignInAsAdmin();
        var providers = RenderProviders();
        var editor = Render<TariffEditorPage>(p => p.Add(x => x.Id, saved.TariffId));
        editor.WaitForAssertion(() => editor.Find("[data-testid=schedule-price-change]"));
        editor.Find("[data-testid=preview-price-change]").Click();
        editor.WaitForAssertion(() => editor.Find("[data-testid=affected-none]"));

        editor.Find("[data-testid=schedule-price-change]").Click();
        editor.WaitForAssertion(() => Assert.Contains("Required.", editor.Find("[data-testid=price-changes]").TextContent, StringComparison.Ordinal));

        var date = Data.NowUtc.AddDays(3).ToString("d", CultureInfo.CurrentCulture);
        Type(editor.Find("[data-testid=effective-date]"), date);
        editor.Find("[data-testid=schedule-price-change]").Click();
        editor.WaitForAssertion(() => Assert.Contains("Customers must be told in advance", editor.Find("[data-testid=price-changes]").TextContent, StringComparison.Ordinal));

        Type(editor.Find("[data-testid=effective-date]"), Data.NowUtc.AddDays(20).ToString("d", CultureInfo.CurrentCulture));
        editor.Find("[data-testid=schedule-price-change]").Click();
        providers.WaitForAssertion(() => providers.Find(".mud-message-box"));
        var buttons = providers.FindAll(".mud-message-box button");
        buttons[^1].Click();

        editor.WaitForAssertion(() => Assert.Single(editor.FindAll("[data-testid=price-change]")));
        var details = await Data.TariffDetails().ExecuteAsync(saved.TariffId, CancellationToken.None);
        var change = Assert.Single(details!.ScheduledPriceChanges);
        Assert.Equal((1, 2), (change.FromVersion, change.ToVersion));
        Assert.Equal(Data.NowUtc.Date.AddDays(20), change.EffectiveAtUtc);
    }

    [Fact]
    public async Task PriceChange_Preview_ListsWhoIsAffectedAndByHowMuchAndTheConfirmationCountsThem()
    {
        var saved = await Data.AddTariffAsync();
        Assert.True((await Data.EditTariff().ExecuteAsync(
            new EditTariffCommand(Data.AdminId, saved.TariffId, saved.ConcurrencyToken, Data.Settings(), Content("Paper 4 GB v2")), CancellationToken.None)).IsSuccess);
        Data.Impact = new ListedImpact(
            new AffectedService(Guid.NewGuid(), Guid.NewGuid(), "Thandi Nkosi", "thandi@gamehost.test", "Survival", BillingPeriod.Month1, Usd(1000), Usd(1200)),
            new AffectedService(Guid.NewGuid(), Guid.NewGuid(), "Sipho Dlamini", "sipho@gamehost.test", "Creative", BillingPeriod.Month1, Usd(1500), Usd(1700)));
        SignInAsAdmin();
        var providers = RenderProviders();
        var editor = Render<TariffEditorPage>(p => p.Add(x => x.Id, saved.TariffId));
        editor.WaitForAssertion(() => editor.Find("[data-testid=preview-price-change]"));

        editor.Find("[data-testid=preview-price-change]").Click();

        editor.WaitForAssertion(() => Assert.Equal(2, editor.FindAll("[data-testid=affected-row]").Count));
        Assert.Contains("Thandi Nkosi", editor.Find("[data-testid=affected-preview]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["+$2.00", "+$2.00"], editor.FindAll("[data-testid=affected-difference]").Select(d => d.TextContent.Trim()));
        Assert.Contains("+$4.00", editor.Find("[data-testid=affected-total]").TextContent, StringComparison.Ordinal);

        Type(editor.Find("[data-testid=effective-date]"), Data.NowUtc.AddDays(20).ToString("d", CultureInfo.CurrentCulture));
        editor.Find("[data-testid=schedule-price-change]").Click();
        providers.WaitForAssertion(() => Assert.Contains("2 services are affected", providers.Find(".mud-message-box").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditPromoCode_ChangedInTheDialog_KeepsTheCodeAndSavesTheNewTerms()
    {
        await Data.AddPromoAsync(Data.Promo(code: "SPRING25", percentBasisPoints: 2500));
        SignInAsAdmin();
        var providers = RenderProviders();
        var page = Render<CatalogPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=promo-edit]"));

        page.Find("[data-testid=promo-edit]").Click();
        providers.WaitForAssertion(() => providers.Find("[data-testid=promo-save]"));
        Assert.True(providers.Find("[data-testid=promo-code]").HasAttribute("disabled"));
        Type(providers.Find("[data-testid=promo-percent]"), "15");
        Type(providers.Find("[data-testid=promo-max-uses]"), "40");
        providers.Find("[data-testid=promo-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("0 / 40", page.Find("[data-testid=promo-uses]").TextContent.Trim()));
        var promo = Assert.Single(await Data.PromoCodeList().ExecuteAsync(CancellationToken.None));
        Assert.Equal(("SPRING25", 1500, 40), (promo.Code, promo.PercentBasisPoints!.Value, promo.MaxUses!.Value));
    }

    [Fact]
    public async Task DisablePromoCode_Confirmed_ShowsItDisabledAndOffersToEnableIt()
    {
        await Data.AddPromoAsync();
        SignInAsAdmin();
        var providers = RenderProviders();
        var page = Render<CatalogPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=promo-disable]"));

        page.Find("[data-testid=promo-disable]").Click();
        providers.WaitForAssertion(() => providers.Find(".mud-message-box"));
        providers.FindAll(".mud-message-box button")[^1].Click();

        page.WaitForAssertion(() => Assert.Equal("Disabled", page.Find("[data-testid=promo-status]").GetAttribute("data-status")));
        Assert.NotNull(page.Find("[data-testid=promo-enable]"));
        Assert.Equal(PromoCodeStatus.Disabled, Assert.Single(await Data.PromoCodeList().ExecuteAsync(CancellationToken.None)).Status);
    }

    private sealed class ListedImpact(params AffectedService[] services) : IPriceChangeImpact
    {
        public Task<IReadOnlyList<AffectedService>> ListAffectedAsync(Guid tariffId, int fromVersion, int toVersion, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AffectedService>>(services);
    }

    private static string FieldText(IRenderedComponent<TariffEditorPage> cut, string testId)
    {
        var element = cut.Find($"[data-testid={testId}]");
        var control = element.Closest(".mud-input-control") ?? element;
        return control.TextContent;
    }
}
