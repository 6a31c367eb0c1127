using GameHost.Domain.Support;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

/// <summary>Managing canned replies: the list staff manage, editing against a version, deleting, the preview.</summary>
public sealed class CannedRepliesAdminTests : IDisposable
{
    private readonly SupportTestData _data = new();

    public void Dispose() => _data.Dispose();

    private CannedReplies Canned => _data.Get<CannedReplies>();

    private async Task<Guid> SaveAsync(Guid staff, string title, string body, CannedReplyScope scope, Guid? department = null)
    {
        var result = await Canned.SaveAsync(staff, null, new CannedReplyForm(title, body, scope, department), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value;
    }

    [Fact]
    public async Task ManageListAsync_GlobalAllDepartmentsAndOwnPersonal_NarrowedByScopeAndSearch()
    {
        await SaveAsync(_data.AdminId, "Welcome", "Hi {{customer_name}}", CannedReplyScope.Global);
        await SaveAsync(_data.AdminId, "Refund policy", "Refunds take 5 days", CannedReplyScope.Department, _data.BillingId);
        await SaveAsync(_data.SupportId, "Sam's sign-off", "Cheers, Sam", CannedReplyScope.Personal);
        await SaveAsync(_data.SecondSupportId, "Tess's sign-off", "Cheers, Tess", CannedReplyScope.Personal);

        var all = await Canned.ManageListAsync(_data.SupportId, null, null, CancellationToken.None);
        var departmentOnly = await Canned.ManageListAsync(_data.SupportId, CannedReplyScope.Department, null, CancellationToken.None);
        var searched = await Canned.ManageListAsync(_data.SupportId, null, "CHEERS", CancellationToken.None);
        var literalPercent = await Canned.ManageListAsync(_data.SupportId, null, "%", CancellationToken.None);

        Assert.Equal(["Welcome", "Refund policy", "Sam's sign-off"], all.Select(c => c.Title));
        var refund = Assert.Single(departmentOnly);
        Assert.Equal("Billing", refund.DepartmentName);
        Assert.Equal(["Sam's sign-off"], searched.Select(c => c.Title));
        Assert.Empty(literalPercent);
    }

    [Fact]
    public async Task SaveAsync_EditWithStaleVersion_RefusedAndTextKept()
    {
        var id = await SaveAsync(_data.AdminId, "Welcome", "Hi", CannedReplyScope.Global);
        var loaded = (await Canned.ManageListAsync(_data.SupportId, null, null, CancellationToken.None)).Single();

        var first = await Canned.SaveAsync(_data.SupportId, id, new CannedReplyForm("Welcome", "Hello there", CannedReplyScope.Global, null, loaded.Version), CancellationToken.None);
        var second = await Canned.SaveAsync(_data.AdminId, id, new CannedReplyForm("Welcome", "Howdy", CannedReplyScope.Global, null, loaded.Version), CancellationToken.None);

        Assert.True(first.IsSuccess);
        Assert.Equal(SupportErrors.Changed, second.Error?.Code);
        var now = (await Canned.ManageListAsync(_data.SupportId, null, null, CancellationToken.None)).Single();
        Assert.Equal("Hello there", now.Body);
        Assert.Equal(loaded.Version + 1, now.Version);
        Assert.Equal(_data.NowUtc, now.UpdatedAtUtc);
    }

    [Fact]
    public async Task DeleteAsync_SecondTimeChangesNothing_OthersPersonalUntouched_Audited()
    {
        var mine = await SaveAsync(_data.SupportId, "Mine", "Mine", CannedReplyScope.Personal);
        var theirs = await SaveAsync(_data.SecondSupportId, "Theirs", "Theirs", CannedReplyScope.Personal);

        var first = await Canned.DeleteAsync(_data.SupportId, mine, 1, CancellationToken.None);
        var again = await Canned.DeleteAsync(_data.SupportId, mine, 1, CancellationToken.None);
        var notMine = await Canned.DeleteAsync(_data.SupportId, theirs, CancellationToken.None);

        Assert.True(first.IsSuccess);
        Assert.True(again.IsSuccess);
        Assert.True(notMine.IsSuccess);
        await using var db = _data.Database.NewContext();
        Assert.Equal(["Theirs"], await db.CannedReplies().Select(c => c.Title).ToListAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "support.canned_reply_deleted"));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "support.canned_reply_created"));
    }

    [Fact]
    public async Task DeleteAsync_StaleVersion_Refused()
    {
        var id = await SaveAsync(_data.AdminId, "Welcome", "Hi", CannedReplyScope.Global);
        await Canned.SaveAsync(_data.AdminId, id, new CannedReplyForm("Welcome", "Hello", CannedReplyScope.Global, null, 1), CancellationToken.None);

        var result = await Canned.DeleteAsync(_data.SupportId, id, 1, CancellationToken.None);

        Assert.Equal(SupportErrors.Changed, result.Error?.Code);
        Assert.Single(await Canned.ManageListAsync(_data.SupportId, null, null, CancellationToken.None));
    }

    [Fact]
    public void Preview_KnownPlaceholdersFilled_UnknownRefused()
    {
        var sample = new Dictionary<string, string?> { ["customer_name"] = "Alex", ["service"] = "Survival SMP", ["staff_name"] = "Sam" };

        var filled = CannedReplies.Preview("Hi {{customer_name}}, {{ service }} is back. — {{staff_name}}", sample);
        var unknown = CannedReplies.Preview("Your password is {{password}}", sample);

        Assert.Equal("Hi Alex, Survival SMP is back. — Sam", filled.Value);
        Assert.Equal(SupportErrors.PlaceholderUnknown, unknown.Error?.Code);
    }
}
