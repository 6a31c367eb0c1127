using GameHost.Domain.Support;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.UseCases;

namespace GameHost.Tests.Domain.Support;

public sealed class CannedRepliesTests : IDisposable
{
    private readonly SupportTestData _data = new();

    public void Dispose() => _data.Dispose();

    private CannedReplies Canned => _data.Get<CannedReplies>();

    [Fact]
    public async Task SearchAsync_Scopes_GlobalDepartmentMemberAndOwnPersonalOnly()
    {
        await Canned.SaveAsync(_data.AdminId, null, new CannedReplyForm("Welcome", "Hi {{customer_name}}", CannedReplyScope.Global, null), CancellationToken.None);
        await Canned.SaveAsync(_data.AdminId, null, new CannedReplyForm("Restart steps", "Restart {{service}}", CannedReplyScope.Department, _data.TechnicalId), CancellationToken.None);
        await Canned.SaveAsync(_data.AdminId, null, new CannedReplyForm("Refund policy", "Refunds take 5 days", CannedReplyScope.Department, _data.BillingId), CancellationToken.None);
        await Canned.SaveAsync(_data.SecondSupportId, null, new CannedReplyForm("Tess's sign-off", "Cheers, Tess", CannedReplyScope.Personal, null), CancellationToken.None);

        var sam = await Canned.SearchAsync(_data.SupportId, null, null, CancellationToken.None);
        var tess = await Canned.SearchAsync(_data.SecondSupportId, null, null, CancellationToken.None);
        var searched = await Canned.SearchAsync(_data.SupportId, null, "RESTART", CancellationToken.None);

        Assert.Equal(["Welcome", "Restart steps"], sam.Select(c => c.Title));
        Assert.Equal(["Welcome", "Tess's sign-off"], tess.Select(c => c.Title));
        Assert.Equal(["Restart steps"], searched.Select(c => c.Title));
    }

    [Fact]
    public async Task RenderForTicketAsync_Placeholders_FilledFromTicketCustomerAndStaff()
    {
        var serviceId = Guid.NewGuid();
        _data.Services.Services[(_data.CustomerId, serviceId)] = "Survival SMP";
        var opened = await _data.Desk.OpenAsync(_data.CustomerId, new OpenTicketRequest(_data.TechnicalId, "Crash", "It crashed", ServiceId: serviceId) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        var id = (await Canned.SaveAsync(_data.SupportId, null, new CannedReplyForm("Restart", "Hi {{customer_name}}, I restarted {{service}}. — {{ staff_name }}", CannedReplyScope.Global, null), CancellationToken.None)).Value;

        var text = await Canned.RenderForTicketAsync(_data.SupportId, id, opened.Value!.TicketId, CancellationToken.None);

        Assert.Equal("Hi Alice Doe, I restarted Survival SMP. — Sam Support", text.Value);
    }

    [Fact]
    public async Task SaveAsync_UnknownPlaceholderOrMissingDepartment_IsRefused()
    {
        var unknown = await Canned.SaveAsync(_data.SupportId, null, new CannedReplyForm("X", "Hi {{password}}", CannedReplyScope.Global, null), CancellationToken.None);
        var noDepartment = await Canned.SaveAsync(_data.SupportId, null, new CannedReplyForm("X", "Hi", CannedReplyScope.Department, null), CancellationToken.None);
        var customer = await Canned.SaveAsync(_data.CustomerId, null, new CannedReplyForm("X", "Hi", CannedReplyScope.Global, null), CancellationToken.None);

        Assert.Equal("Body", unknown.Error!.Field);
        Assert.Equal(SupportErrors.ScopeInvalid, noDepartment.Error!.Code);
        Assert.Equal(SupportErrors.NotStaff, customer.Error!.Code);
    }
}

public sealed class FileSignaturesTests
{
    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1 }, "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50, 0 }, "image/webp")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14 }, "application/zip")]
    [InlineData(new byte[] { 0x5B, 0x49, 0x4E, 0x46, 0x4F, 0x5D, 0x20, 0xC3, 0xB1, 0x0A }, "text/plain")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, null)] // Windows executable
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46 }, null)] // ELF
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67, 0x00 }, null)] // text with a NUL
    [InlineData(new byte[] { 0xC3, 0x28, 0x41, 0x42 }, null)] // invalid UTF-8
    public void Detect_Content_DecidesTypeFromMagicBytes(byte[] head, string? expected)
    {
        Assert.Equal(expected, FileSignatures.Detect(head));
    }

    [Fact]
    public void CleanFileName_PathAndControlCharacters_Removed()
    {
        Assert.Equal("passwd", AttachmentStore.CleanFileName("../../etc/passwd"));
        Assert.Equal("evil.txt", AttachmentStore.CleanFileName("C:\\temp\\ev\"il.txt"));
        Assert.Equal("file", AttachmentStore.CleanFileName(".."));
    }
}
