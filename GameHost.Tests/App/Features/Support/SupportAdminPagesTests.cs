using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using GameHost.App.Features.Support;
using GameHost.App.Features.Support.Admin;
using GameHost.App.Features.Support.Rendering;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.Domain.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Support;

/// <summary>The support admin screens (departments, SLA targets, canned replies) over the real use cases and SQLite.</summary>
public sealed class SupportAdminPagesTests : SupportPageContext
{
    public SupportAdminPagesTests()
    {
        Services.AddScoped(_ => Data.Get<SupportSetup>());
        Services.AddScoped(_ => Data.Get<CannedReplies>());
        Services.AddSupportAdminValidators();
        SignIn(Data.AdminId, "olivia@gamehost.test");
        Render<MudPopoverProvider>();
    }

    private static IElement Field<T>(IRenderedComponent<T> page, string testId)
        where T : IComponent =>
        page.Find($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea");

    [Fact]
    public void DepartmentsPage_ListsDepartmentsWithHoursAndMembers()
    {
        var page = Render<DepartmentsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=department-link]").Count));
        Assert.Equal(["Technical", "Billing"], page.FindAll("[data-testid=department-link]").Select(a => a.TextContent.Trim()));
        Assert.Contains("Sam Support", page.Markup, StringComparison.Ordinal);
        Assert.Contains("09:00–18:00 (UTC)", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DepartmentEditorPage_NewDepartment_SavedAndOpenedForEditing()
    {
        var page = Render<DepartmentEditorPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=department-form]"));

        Type(Field(page, "department-name"), "Minecraft help");
        Type(Field(page, "department-email"), "mc@gamehost.test");
        await page.Find("[data-testid=department-save]").ClickAsync(new());

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("/admin/support/departments/[0-9a-f-]{36}$", navigation.Uri));
        await using var db = Data.Database.NewContext();
        var created = await db.SupportDepartments().SingleAsync(d => d.Name == "Minecraft help");
        Assert.Equal("mc@gamehost.test", created.Email);
        Assert.Equal(BusinessHours.MondayToFriday, created.BusinessDays);
        Assert.EndsWith(created.Id.ToString(), navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DepartmentEditorPage_InvalidAddressAndNoName_FieldErrorsAndNothingSaved()
    {
        var page = Render<DepartmentEditorPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=department-form]"));

        Type(Field(page, "department-email"), "not an address");
        await page.Find("[data-testid=department-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Enter an e-mail address such as support@example.com.", page.Markup, StringComparison.Ordinal));
        Assert.Contains("Give the department a name of at most 100 characters.", page.Markup, StringComparison.Ordinal);
        await using var db = Data.Database.NewContext();
        Assert.Equal(2, await db.SupportDepartments().CountAsync());
    }

    [Fact]
    public async Task DepartmentEditorPage_SomeoneSavedMeanwhile_ShowsChangedWithReload()
    {
        var page = Render<DepartmentEditorPage>(p => p.Add(x => x.Id, Data.TechnicalId));
        page.WaitForAssertion(() => page.Find("[data-testid=department-form]"));
        var setup = Data.Get<SupportSetup>();
        var current = (await setup.DepartmentAsync(Data.TechnicalId, CancellationToken.None))!;
        Assert.True((await setup.SaveDepartmentAsync(Data.AdminId, Data.TechnicalId, current.Version, current.Form with { Name = "Tech" }, CancellationToken.None)).IsSuccess);

        Type(Field(page, "department-name"), "Technical support");
        await page.Find("[data-testid=department-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=department-reload]")));
        Assert.Contains("Someone else changed this meanwhile", page.Find("[data-testid=department-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Tech", (await setup.DepartmentAsync(Data.TechnicalId, CancellationToken.None))!.Form.Name);

        await page.Find("[data-testid=department-reload]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Tech", page.Find("[data-testid=department-title]").TextContent.Trim()));
    }

    [Fact]
    public async Task DepartmentEditorPage_SaveTargets_WritesPoliciesPerPriority()
    {
        var page = Render<DepartmentEditorPage>(p => p.Add(x => x.Id, Data.TechnicalId));
        page.WaitForAssertion(() => page.Find("[data-testid=sla-policies]"));

        Type(page.Find("[data-testid=sla-row-Urgent] [data-testid=sla-first] input, [data-testid=sla-row-Urgent] input[data-testid=sla-first]"), "30");
        Type(page.Find("[data-testid=sla-row-Urgent] [data-testid=sla-resolution] input, [data-testid=sla-row-Urgent] input[data-testid=sla-resolution]"), "240");
        await page.Find("[data-testid=sla-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=sla-error]")));
        await using var db = Data.Database.NewContext();
        var policy = await db.SlaPolicies().SingleAsync();
        Assert.Equal((Data.TechnicalId, TicketPriority.Urgent, 30, 240), (policy.DepartmentId, policy.Priority, policy.FirstResponseMinutes, policy.ResolutionMinutes));
    }

    [Fact]
    public async Task DepartmentEditorPage_ResolutionShorterThanFirstResponse_RowErrorAndNothingSaved()
    {
        var page = Render<DepartmentEditorPage>(p => p.Add(x => x.Id, Data.TechnicalId));
        page.WaitForAssertion(() => page.Find("[data-testid=sla-policies]"));

        Type(page.Find("[data-testid=sla-row-High] [data-testid=sla-first] input, [data-testid=sla-row-High] input[data-testid=sla-first]"), "120");
        Type(page.Find("[data-testid=sla-row-High] [data-testid=sla-resolution] input, [data-testid=sla-row-High] input[data-testid=sla-resolution]"), "60");
        await page.Find("[data-testid=sla-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("High: The resolution target cannot be shorter than the first response.", page.Find("[data-testid=sla-error]").TextContent, StringComparison.Ordinal));
        await using var db = Data.Database.NewContext();
        Assert.Empty(await db.SlaPolicies().ToListAsync());
    }

    [Fact]
    public async Task CannedRepliesPage_WriteWithPlaceholder_PreviewFilledThenSavedListedAndDeleted()
    {
        var page = Render<CannedRepliesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=canned-empty]"));

        Type(Field(page, "canned-title"), "Restarted");
        Type(Field(page, "canned-body"), "Hi");
        await page.Find("[data-testid=placeholder-customer_name] ").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Hi Alex Customer", page.Find("[data-testid=canned-preview]").TextContent, StringComparison.Ordinal));

        await page.Find("[data-testid=canned-save]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=canned-row]")));
        var saved = Assert.Single(await Data.Get<CannedReplies>().ManageListAsync(Data.AdminId, null, null, CancellationToken.None));
        Assert.Equal(("Restarted", "Hi {{customer_name}}", CannedReplyScope.Global), (saved.Title, saved.Body, saved.Scope));

        await page.Find("[data-testid=canned-delete]").ClickAsync(new());
        await page.Find("[data-testid=canned-delete-confirm]").ClickAsync(new());
        page.WaitForAssertion(() => page.Find("[data-testid=canned-empty]"));
        Assert.Empty(await Data.Get<CannedReplies>().ManageListAsync(Data.AdminId, null, null, CancellationToken.None));
    }

    [Fact]
    public void CannedRepliesPage_UnknownPlaceholder_PreviewWarnsAndSaveRefused()
    {
        var page = Render<CannedRepliesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=canned-empty]"));

        Type(Field(page, "canned-title"), "Leak");
        Type(Field(page, "canned-body"), "Your password is {{password}}");
        page.WaitForAssertion(() => page.Find("[data-testid=canned-preview-error]"));
        page.Find("[data-testid=canned-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("Only the placeholders customer_name, service and staff_name can be used", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=canned-row]"));
    }
}
