using Bunit;
using GameHost.App.Features.Support.Admin;
using GameHost.Domain.Accounts.Customers;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Domain.Support.Persistence;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace GameHost.Tests.App.Features.Support;

/// <summary>
/// Staff open a ticket on a customer's behalf from the customer's page: the ticket is the customer's, its first message
/// is the staff member's, a second click opens nothing new, and refusals are said at their fields. Rendered with bUnit
/// over the real use cases and a migrated SQLite database.
/// </summary>
public sealed class StaffNewTicketPageTests : SupportPageContext
{
    public StaffNewTicketPageTests()
    {
        AddTicketServices();
        var contexts = Data.Get<IDbContextFactory<GameHostDbContext>>();
        Services.AddScoped(_ => new CustomerDetailsQuery(contexts, new AuditLogQuery(contexts), Data.Time));
        Services.AddScoped(_ => new CustomerServicesQuery(contexts, Data.Time, Options.Create(new ProvisioningQueueOptions())));
        SignIn(Data.SupportId, "sam@gamehost.test");
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<StaffNewTicketPage> RenderFor(Guid? customer)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(customer is { } id ? $"/admin/support/new?customer={id:D}" : "/admin/support/new");
        return Render<StaffNewTicketPage>();
    }

    private static async Task TypeAsync(IRenderedComponent<StaffNewTicketPage> page, string testId, string text, string element = "input") =>
        await page.Find($"{element}[data-testid={testId}], [data-testid={testId}] {element}").InputAsync(new ChangeEventArgs { Value = text });

    private async Task ChooseDepartmentAsync(IRenderedComponent<StaffNewTicketPage> page)
    {
        // The select's value set the way a choice sets it: through its bound parameter.
        var select = page.FindComponents<MudSelect<Guid?>>().First(s => s.Instance.Label == "Department");
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Data.TechnicalId));
    }

    [Fact]
    public async Task Submitted_OpensTheCustomersTicketWithTheStaffMessageFirst_AndGoesToIt()
    {
        var page = RenderFor(Data.CustomerId);
        page.WaitForAssertion(() => Assert.Contains("alice@players.test", page.Find("[data-testid=customer]").TextContent, StringComparison.Ordinal));
        await ChooseDepartmentAsync(page);
        await TypeAsync(page, "subject", "Called about lag at night");
        await TypeAsync(page, "body", "Customer reports TPS drops around 20:00.", "textarea");

        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("/admin/support/[0-9a-f-]{36}$", navigation.Uri));
        var ticketId = Guid.Parse(navigation.Uri[^36..]);
        var ticket = await Data.TicketAsync(ticketId);
        Assert.Equal(Data.CustomerId, ticket.CustomerId);
        Assert.Equal(Data.TechnicalId, ticket.DepartmentId);
        var message = Assert.Single(await Data.MessagesAsync(ticketId));
        Assert.Equal("Customer reports TPS drops around 20:00.", message.Body);
        Assert.True(message.IsStaff);
        Assert.Equal(Data.SupportId, message.AuthorId);
    }

    [Fact]
    public async Task ClickedTwice_OpensOneTicket()
    {
        var page = RenderFor(Data.CustomerId);
        page.WaitForAssertion(() => page.Find("[data-testid=subject]"));
        await ChooseDepartmentAsync(page);
        await TypeAsync(page, "subject", "Called about lag at night");
        await TypeAsync(page, "body", "Customer reports TPS drops around 20:00.", "textarea");

        var first = page.Find("[data-testid=submit-ticket]").ClickAsync(new());
        var second = page.Find("[data-testid=submit-ticket]").ClickAsync(new());
        await Task.WhenAll(first, second);
        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());

        await using var db = Data.Database.NewContext();
        Assert.Equal(1, await db.Tickets().CountAsync(t => t.CustomerId == Data.CustomerId));
    }

    [Fact]
    public async Task SubmittedEmpty_SaysWhatIsMissingAtTheFields_AndOpensNothing()
    {
        var page = RenderFor(Data.CustomerId);
        page.WaitForAssertion(() => page.Find("[data-testid=subject]"));

        await page.Find("[data-testid=submit-ticket]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=form-error]")));
        Assert.Contains("Write a subject.", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Write a message.", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Choose a department.", page.Markup, StringComparison.Ordinal);
        await using var db = Data.Database.NewContext();
        Assert.Equal(0, await db.Tickets().CountAsync(t => t.CustomerId == Data.CustomerId));
    }

    [Fact]
    public void UnknownOrMissingCustomer_SaysSoAndOffersTheCustomerList()
    {
        foreach (var customer in new Guid?[] { Guid.NewGuid(), null })
        {
            var page = RenderFor(customer);

            page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=customer-missing]")));
            Assert.Empty(page.FindAll("[data-testid=submit-ticket]"));
            Assert.Contains("href=\"/admin/customers\"", page.Markup, StringComparison.Ordinal);
        }
    }
}
