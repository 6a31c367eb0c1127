using Bunit;
using GameHost.App.Features.Support.Admin;
using GameHost.Domain.Support;
using GameHost.Domain.Support.UseCases;
using MudBlazor;

namespace GameHost.Tests.App.Features.Support;

/// <summary>The satisfaction report: figures per staff member and department, and the comments customers left.</summary>
public sealed class SatisfactionPageTests : SupportPageContext
{
    public SatisfactionPageTests()
    {
        AddTicketServices();
        UseCulture("en-US");
        SignIn(Data.AdminId, "olivia@gamehost.test");
        Render<MudPopoverProvider>();
    }

    private async Task RateAsync(Guid staffId, Guid department, ReplyRating rating, string? comment)
    {
        var ticketId = await Data.OpenAsync(department: department);
        var reply = await Data.Desk.StaffReplyAsync(staffId, ticketId, new ReplyRequest("Done.") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        Assert.True((await Data.Actions.RateReplyAsync(Data.CustomerId, reply.Value, rating, comment, CancellationToken.None)).IsSuccess);
        Data.Time.Advance(TimeSpan.FromMinutes(1)); // the next rating is newer
    }

    [Fact]
    public async Task SatisfactionPage_ShowsFiguresPerStaffAndDepartment_AndTheComments()
    {
        await RateAsync(Data.SupportId, Data.TechnicalId, ReplyRating.Good, null);
        await RateAsync(Data.SupportId, Data.TechnicalId, ReplyRating.Bad, "Took two days to answer");
        await RateAsync(Data.SecondSupportId, Data.BillingId, ReplyRating.Good, "Sorted my invoice at once");

        var page = Render<SatisfactionPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=by-staff] tbody tr").Count));
        var sam = page.FindAll("[data-testid=by-staff] tbody tr").Single(r => r.TextContent.Contains("Sam Support", StringComparison.Ordinal));
        Assert.Equal("50 %", sam.QuerySelector("[data-testid=percent]")!.TextContent.Trim());
        Assert.Contains(page.FindAll("[data-testid=by-department] tbody tr"), r => r.TextContent.Contains("Billing", StringComparison.Ordinal) && r.TextContent.Contains("100 %", StringComparison.Ordinal));
        Assert.Equal(["Sorted my invoice at once", "Took two days to answer"], page.FindAll("[data-testid=rating-comment-text]").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task SatisfactionPage_OnlyBadRatings_ListsTheBadComments()
    {
        await RateAsync(Data.SupportId, Data.TechnicalId, ReplyRating.Bad, "Took two days to answer");
        await RateAsync(Data.SecondSupportId, Data.BillingId, ReplyRating.Good, "Sorted my invoice at once");
        var page = Render<SatisfactionPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=rating-comment-text]").Count));

        var select = page.FindComponents<MudSelect<ReplyRating?>>().Single();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ReplyRating.Bad));

        page.WaitForAssertion(() => Assert.Equal("Took two days to answer", Assert.Single(page.FindAll("[data-testid=rating-comment-text]")).TextContent.Trim()));
    }

    [Fact]
    public void SatisfactionPage_NoRatings_SaysSo()
    {
        var page = Render<SatisfactionPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-rating-comments]")));
    }
}
