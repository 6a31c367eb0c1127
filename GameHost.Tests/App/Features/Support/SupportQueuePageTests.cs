using Bunit;
using GameHost.App.Features.Support.Admin;
using GameHost.Domain.Support;
using MudBlazor;

namespace GameHost.Tests.App.Features.Support;

/// <summary>The staff queue's live timers and its "my departments" filter, over the real queries and a fake clock.</summary>
public sealed class SupportQueuePageTests : SupportPageContext
{
    public SupportQueuePageTests()
    {
        AddTicketServices();
        SignIn(Data.SupportId, "sam@gamehost.test");
        Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task SupportQueuePage_ClockAdvances_TimerCountsDownAndTurnsDueSoonThenOverdue()
    {
        UseCulture("en-US");
        await Data.AddPolicyAsync(Data.TechnicalId, TicketPriority.Normal, 120, 0);
        await Data.OpenAsync();
        var page = Render<SupportQueuePage>();
        page.WaitForAssertion(() => Assert.Equal("due in 2 h 0 min", page.Find("[data-testid=sla-chip]").TextContent.Trim()));
        Assert.Equal("OnTrack", page.Find("[data-testid=sla-chip]").GetAttribute("data-sla"));

        // Nothing about the ticket changes: only the clock moves, and the page follows it by itself.
        Data.Time.Advance(TimeSpan.FromMinutes(95));
        page.WaitForAssertion(() => Assert.Equal("due in 25 min", page.Find("[data-testid=sla-chip]").TextContent.Trim()));
        Assert.Equal("DueSoon", page.Find("[data-testid=sla-chip]").GetAttribute("data-sla"));

        Data.Time.Advance(TimeSpan.FromMinutes(95));
        page.WaitForAssertion(() => Assert.Equal("overdue 1 h 10 min", page.Find("[data-testid=sla-chip]").TextContent.Trim()));
        Assert.Equal("Breached", page.Find("[data-testid=sla-chip]").GetAttribute("data-sla"));
    }

    [Fact]
    public async Task SupportQueuePage_Spanish_TimerInSpanish()
    {
        UseCulture("es-ES");
        await Data.AddPolicyAsync(Data.TechnicalId, TicketPriority.Normal, 30, 0);
        await Data.OpenAsync();
        var page = Render<SupportQueuePage>();
        page.WaitForAssertion(() => Assert.Equal("vence en 30 min", page.Find("[data-testid=sla-chip]").TextContent.Trim()));

        Data.Time.Advance(TimeSpan.FromMinutes(100));

        page.WaitForAssertion(() => Assert.Equal("vencido hace 1 h 10 min", page.Find("[data-testid=sla-chip]").TextContent.Trim()));
    }

    [Fact]
    public async Task SupportQueuePage_MyDepartments_ShowsOnlyTheSignedInMembersDepartments()
    {
        await Data.OpenAsync("Technical question", department: Data.TechnicalId);
        await Data.OpenAsync("Billing question", department: Data.BillingId);
        var page = Render<SupportQueuePage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=queue-link]").Count));

        page.Find("[data-testid=queue-my-departments] input, input[data-testid=queue-my-departments]").Change(true);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=queue-link]")));
        Assert.Contains("Technical question", page.Find("[data-testid=queue]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Billing question", page.Find("[data-testid=queue]").TextContent, StringComparison.Ordinal);
    }
}
