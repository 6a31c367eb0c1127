using System.Globalization;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using FluentValidation;
using GameHost.App.Features.Accounts;
using GameHost.App.Features.Payments.Admin;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Payments;
using GameHost.Domain.Persistence;
using GameHost.Tests.Domain.Billing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Payments;

/// <summary>Staff record a bank transfer from the statement; it pays the invoice once and shows in the list.</summary>
public sealed class PaymentsPageTests : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly BillingTestData _data = new();
    private readonly Guid _adminId = Guid.NewGuid();

    public PaymentsPageTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en-US");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<TimeProvider>(_data.Time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(_data.Database);
        Services.AddPayments();
        Services.AddSingleton(GameHost.Tests.TestSupport.TestNotifier.Create(TimeProvider.System));
        Services.AddScoped<IValidator<TransferForm>, TransferFormValidator>();
        var auth = AddAuthorization();
        auth.SetAuthorized("olivia@gamehost.test");
        auth.SetRoles(GameHost.Domain.Accounts.Roles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _adminId.ToString()));
    }

    private static IElement InputOf(IElement element) => element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;

    private static void Type(IElement element, string value)
    {
        var input = InputOf(element);
        if (input.HasAttribute("blazor:oninput"))
        {
            input.Input(value);
        }

        if (input.HasAttribute("blazor:onchange"))
        {
            input.Change(value);
        }
    }

    private IRenderedComponent<MudDialogProvider> Providers()
    {
        Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }

    [Fact]
    public async Task RecordTransfer_ByInvoiceNumber_PaysTheInvoiceAndListsThePayment()
    {
        var customer = _data.AddCustomer("Thandi Nkosi");
        var order = await _data.PlaceAsync(BillingTestData.Order(customer, _data.TariffId("paper-4gb")));
        var dialogs = Providers();
        var page = Render<PaymentsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=payments-empty]"));

        page.Find("[data-testid=record-transfer]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=transfer-lookup]"));
        Type(dialogs.Find("[data-testid=transfer-lookup]"), order.InvoiceNumber.ToLowerInvariant());
        dialogs.Find("[data-testid=transfer-find]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains(order.InvoiceNumber, dialogs.Find("[data-testid=transfer-target]").TextContent, StringComparison.Ordinal));
        Assert.Equal(order.GrossTotal.ToMajor().ToString(CultureInfo.CurrentCulture), InputOf(dialogs.Find("[data-testid=transfer-amount]")).GetAttribute("value"));
        Type(dialogs.Find("[data-testid=transfer-reference]"), "FNB 2026-06-01 #4471");
        dialogs.Find("[data-testid=transfer-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains($"Paid: {order.InvoiceNumber}.", dialogs.Find("[data-testid=transfer-result]").TextContent, StringComparison.Ordinal));
        dialogs.Find("[data-testid=transfer-done]").Click();
        page.WaitForAssertion(() => Assert.Equal("FNB 2026-06-01 #4471", page.Find("[data-testid=payment-reference]").TextContent.Trim()));
        await using var db = _data.Database.CreateDbContext();
        Assert.Equal(InvoiceStatus.Paid, (await db.Invoices().SingleAsync(i => i.Id == order.InvoiceId)).Status);
        Assert.Equal(_adminId, (await db.Set<Payment>().SingleAsync()).RecordedByUserId);
    }

    [Fact]
    public void RecordTransfer_UnknownReference_SaysNothingMatchesAndCannotBeSaved()
    {
        var dialogs = Providers();
        var page = Render<PaymentsPage>();
        page.Find("[data-testid=record-transfer]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=transfer-lookup]"));

        Type(dialogs.Find("[data-testid=transfer-lookup]"), "INV-999999");
        dialogs.Find("[data-testid=transfer-find]").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=transfer-not-found]"));
        Assert.True(dialogs.Find("[data-testid=transfer-save]").HasAttribute("disabled"));
    }

    [Fact]
    public void Page_RequiresTheAdminPolicy()
    {
        var attribute = Assert.Single(typeof(PaymentsPage).GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>());
        Assert.Equal(Policies.Admin, attribute.Policy);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _data.Dispose();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = _culture;
    }
}
