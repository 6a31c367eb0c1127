using GameHost.Domain.Support;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.Sla;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

/// <summary>Departments and SLA policies as administrators set them up, over SQLite with the real migrations.</summary>
public sealed class SupportSetupTests : IDisposable
{
    private readonly SupportTestData _data = new(o =>
    {
        o.AutoCloseAfterDays = 7;
        o.AutoCloseWarningDays = 2;
    });

    public void Dispose() => _data.Dispose();

    private SupportSetup Setup => _data.Get<SupportSetup>();

    private DepartmentForm Form(string name = "Minecraft help", string? email = "mc@gamehost.test", IReadOnlyList<Guid>? members = null) => new(
        name, "Mods, plugins and worlds", email, true, BusinessHours.EveryDay, 8 * 60, 20 * 60, "Europe/Madrid",
        PaidSupportMode.PerTicket, 1500, "eur", 0, members ?? [_data.SupportId, _data.SecondSupportId]);

    [Fact]
    public async Task SaveDepartmentAsync_NewDepartment_StoredWithMembersHoursPriceAndAudited()
    {
        var saved = await Setup.SaveDepartmentAsync(_data.AdminId, null, null, Form(), CancellationToken.None);

        Assert.True(saved.IsSuccess, saved.Error?.Code);
        var details = await Setup.DepartmentAsync(saved.Value.Id, CancellationToken.None);
        Assert.NotNull(details);
        Assert.Equal("Minecraft help", details.Form.Name);
        Assert.Equal("mc@gamehost.test", details.Form.Email);
        Assert.Equal(new[] { _data.SupportId, _data.SecondSupportId }.Order(), details.Form.MemberIds.Order());
        Assert.Equal((BusinessHours.EveryDay, 480, 1200, "Europe/Madrid"), (details.Form.BusinessDays, details.Form.OpensAtMinute, details.Form.ClosesAtMinute, details.Form.TimeZoneId));
        Assert.Equal((PaidSupportMode.PerTicket, 1500L, "EUR"), (details.Form.PaidMode, details.Form.PriceMinor, details.Form.PriceCurrency));
        Assert.Equal(saved.Value.Version, details.Version);
        await using var db = _data.Database.NewContext();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "support.department_created");
        Assert.Equal(_data.AdminId, entry.ActorUserId);
        Assert.Equal(saved.Value.Id.ToString(), entry.SubjectId);
    }

    [Fact]
    public async Task SaveDepartmentAsync_StaleVersion_RefusedAndNothingWritten()
    {
        var created = (await Setup.SaveDepartmentAsync(_data.AdminId, null, null, Form(), CancellationToken.None)).Value!;
        var first = await Setup.SaveDepartmentAsync(_data.AdminId, created.Id, created.Version, Form(name: "First editor"), CancellationToken.None);

        var second = await Setup.SaveDepartmentAsync(_data.AdminId, created.Id, created.Version, Form(name: "Second editor"), CancellationToken.None);

        Assert.True(first.IsSuccess);
        Assert.Equal(SupportErrors.Changed, second.Error?.Code);
        Assert.Equal("First editor", (await Setup.DepartmentAsync(created.Id, CancellationToken.None))!.Form.Name);
    }

    [Fact]
    public async Task SaveDepartmentAsync_SeveralBadFields_AllReportedByField()
    {
        var form = Form() with
        {
            Name = " ",
            Email = "not an address",
            BusinessDays = 0,
            PaidMode = PaidSupportMode.IncidentPack,
            IncidentsPerPack = 0,
            AutoCloseAfterDays = 3,
            AutoCloseWarningDays = 5,
        };

        var result = await Setup.SaveDepartmentAsync(_data.AdminId, null, null, form, CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(["Name", "Email", "Hours", "Price", "AutoClose"], result.Error.Related.Select(e => e.Field));
        Assert.Equal(
            [SupportErrors.NameRequired, SupportErrors.EmailInvalid, SupportErrors.HoursInvalid, SupportErrors.PriceInvalid, SupportErrors.AutoCloseInvalid],
            result.Error.Related.Select(e => e.Code));
        await using var db = _data.Database.NewContext();
        Assert.Equal(2, await db.SupportDepartments().CountAsync());
    }

    [Theory]
    [InlineData("technical", null, SupportErrors.NameTaken)]
    [InlineData("Games", "TECH@gamehost.test", SupportErrors.EmailTaken)]
    public async Task SaveDepartmentAsync_NameOrAddressOfAnotherDepartment_Refused(string name, string? email, string code)
    {
        var result = await Setup.SaveDepartmentAsync(_data.AdminId, null, null, Form(name, email), CancellationToken.None);

        Assert.Equal(code, result.Error?.Code);
    }

    [Fact]
    public async Task SaveDepartmentAsync_SupportAgentOrCustomerMember_Refused()
    {
        var byAgent = await Setup.SaveDepartmentAsync(_data.SupportId, null, null, Form(), CancellationToken.None);
        var customerMember = await Setup.SaveDepartmentAsync(_data.AdminId, null, null, Form(members: [_data.CustomerId]), CancellationToken.None);

        Assert.Equal(SupportErrors.NotStaff, byAgent.Error?.Code);
        Assert.Equal(SupportErrors.AssigneeNotStaff, customerMember.Error?.Code);
        Assert.Equal("Members", customerMember.Error?.Field);
    }

    [Fact]
    public async Task SavePoliciesAsync_AllPrioritiesInOneSave_ZeroRemovesAndNewTicketsUseTheTargets()
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Low, 600, 6000);
        var version = (await Setup.DepartmentAsync(_data.TechnicalId, CancellationToken.None))!.Version;

        var saved = await Setup.SavePoliciesAsync(_data.AdminId, _data.TechnicalId, version,
        [
            new SlaPolicyForm(TicketPriority.Low, 0, 0, true, false, null),
            new SlaPolicyForm(TicketPriority.Urgent, 30, 240, true, true, _data.SecondSupportId),
        ], CancellationToken.None);
        var ticketId = await _data.OpenAsync(priority: TicketPriority.Urgent);

        Assert.True(saved.IsSuccess, saved.Error?.Code);
        Assert.Equal(version + 1, saved.Value);
        var details = (await Setup.DepartmentAsync(_data.TechnicalId, CancellationToken.None))!;
        var policy = Assert.Single(details.Policies);
        Assert.Equal(new SlaPolicyForm(TicketPriority.Urgent, 30, 240, true, true, _data.SecondSupportId), policy);
        var ticket = await _data.TicketAsync(ticketId);
        Assert.Equal(_data.NowUtc.AddMinutes(30), ticket.FirstResponseDueAtUtc);
        Assert.Equal(_data.NowUtc.AddMinutes(240), ticket.ResolutionDueAtUtc);
    }

    [Fact]
    public async Task SavePoliciesAsync_BadRowOrStaleVersionOrCustomerAsTarget_NothingWritten()
    {
        var version = (await Setup.DepartmentAsync(_data.TechnicalId, CancellationToken.None))!.Version;

        var backwards = await Setup.SavePoliciesAsync(_data.AdminId, _data.TechnicalId, version,
            [new SlaPolicyForm(TicketPriority.High, 60, 0, true, false, null), new SlaPolicyForm(TicketPriority.Normal, 120, 60, true, false, null)], CancellationToken.None);
        var stale = await Setup.SavePoliciesAsync(_data.AdminId, _data.TechnicalId, version - 1,
            [new SlaPolicyForm(TicketPriority.High, 60, 0, true, false, null)], CancellationToken.None);
        var toCustomer = await Setup.SavePoliciesAsync(_data.AdminId, _data.TechnicalId, version,
            [new SlaPolicyForm(TicketPriority.High, 60, 0, true, false, _data.CustomerId)], CancellationToken.None);

        Assert.Equal(SupportErrors.TargetsInvalid, backwards.Error?.Code);
        Assert.Equal(["Normal"], backwards.Error?.Details);
        Assert.Equal(SupportErrors.Changed, stale.Error?.Code);
        Assert.Equal(SupportErrors.AssigneeNotStaff, toCustomer.Error?.Code);
        await using var db = _data.Database.NewContext();
        Assert.Empty(await db.SlaPolicies().ToListAsync());
    }

    [Fact]
    public async Task SlaSweep_DepartmentOwnAutoClose_ClosesOnItsScheduleAndZeroNeverCloses()
    {
        var technical = (await Setup.DepartmentAsync(_data.TechnicalId, CancellationToken.None))!;
        var billing = (await Setup.DepartmentAsync(_data.BillingId, CancellationToken.None))!;
        Assert.True((await Setup.SaveDepartmentAsync(_data.AdminId, _data.TechnicalId, technical.Version,
            technical.Form with { AutoCloseAfterDays = 3, AutoCloseWarningDays = 1 }, CancellationToken.None)).IsSuccess);
        Assert.True((await Setup.SaveDepartmentAsync(_data.AdminId, _data.BillingId, billing.Version,
            billing.Form with { AutoCloseAfterDays = 0, AutoCloseWarningDays = null }, CancellationToken.None)).IsSuccess);
        var fast = await _data.OpenAsync("Fast", department: _data.TechnicalId);
        var never = await _data.OpenAsync("Never", department: _data.BillingId);
        await _data.Desk.StaffReplyAsync(_data.SupportId, fast, new ReplyRequest("Try this") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        await _data.Desk.StaffReplyAsync(_data.SupportId, never, new ReplyRequest("Try this") { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        var sweep = _data.Get<SupportSlaSweep>();

        _data.Time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        var warned = await sweep.RunAsync(CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(1));
        var closed = await sweep.RunAsync(CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(30));
        var later = await sweep.RunAsync(CancellationToken.None);

        Assert.Equal(1, warned.AutoCloseWarnings);
        Assert.Equal(1, closed.AutoClosed);
        Assert.Equal((0, 0), (later.AutoCloseWarnings, later.AutoClosed));
        Assert.Equal(TicketState.Closed, (await _data.TicketAsync(fast)).State);
        Assert.Equal(TicketState.WaitingForCustomer, (await _data.TicketAsync(never)).State);
        Assert.Contains(await _data.MessagesAsync(fast), m => m.Body.Contains("in 1 days", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, 7, 2)]
    [InlineData(3, null, 3, 2)]
    [InlineData(1, null, 1, 1)]
    [InlineData(10, 4, 10, 4)]
    [InlineData(0, 4, 0, 0)]
    public void AutoCloseFor_DepartmentValuesOrSiteDefault(int? after, int? warning, int expectedAfter, int expectedWarning)
    {
        var periods = SupportSlaSweep.AutoCloseFor(after, warning, new SupportOptions { AutoCloseAfterDays = 7, AutoCloseWarningDays = 2 });

        Assert.Equal((expectedAfter, expectedWarning), periods);
    }
}
