using System.Net;
using System.Text;
using GameHost.App.Features.Support.Attachments;
using GameHost.Domain.Accounts;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Persistence;
using GameHost.Domain.Support.UseCases;
using GameHost.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Support;

/// <summary>
/// The ticket attachment endpoint over real HTTP through the whole app (cookie authentication, routing, the query that
/// decides who may see what, the store on disk): the ticket's customer and staff download, everyone else learns
/// nothing, and nothing but a stored attachment's id ever reaches the file system.
/// </summary>
public sealed class AttachmentEndpointTests : IClassFixture<GameHostAppFactory>, IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];
    private static readonly byte[] Log = Encoding.UTF8.GetBytes("[12:00] Server crashed: java.lang.OutOfMemoryError\n<script>alert(1)</script>\n");

    private readonly GameHostAppFactory _factory;
    private ApplicationUser _customer = null!;
    private ApplicationUser _otherCustomer = null!;
    private ApplicationUser _agent = null!;
    private Guid _logId;
    private Guid _pngId;
    private Guid _noteFileId;

    public AttachmentEndpointTests(GameHostAppFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        var services = _factory.Services;
        await TestAccounts.CreateOwnerAsync(services, $"owner-{Guid.NewGuid():N}@example.test");
        _customer = await TestAccounts.CreateUserAsync(services, $"alice-{Guid.NewGuid():N}@players.test", Roles.Customer);
        _otherCustomer = await TestAccounts.CreateUserAsync(services, $"bruno-{Guid.NewGuid():N}@players.test", Roles.Customer);
        _agent = await TestAccounts.CreateUserAsync(services, $"sam-{Guid.NewGuid():N}@gamehost.test", Roles.Support);

        var departmentId = Guid.NewGuid();
        var contexts = services.GetRequiredService<IDbContextFactory<GameHostDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.SupportDepartments().Add(new SupportDepartment { Id = departmentId, Name = "Technical " + departmentId.ToString("N")[..6] });
            await db.SaveChangesAsync();
        }

        await using var scope = services.CreateAsyncScope();
        var desk = scope.ServiceProvider.GetRequiredService<TicketDesk>();
        var opened = await desk.OpenAsync(_customer.Id, new OpenTicketRequest(departmentId, "Crash on boot", "Log and screenshot attached.",
            Attachments: [new AttachmentUpload("crash log.txt", Log), new AttachmentUpload("screen.png", Png)]) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        Assert.True(opened.IsSuccess);
        var note = await desk.AddNoteAsync(_agent.Id, opened.Value.TicketId,
            new ReplyRequest("Internal: the node's heap dump.", [new AttachmentUpload("heap.txt", Encoding.UTF8.GetBytes("internal only"))]) { RequestId = Guid.NewGuid().ToString("N") }, CancellationToken.None);
        Assert.True(note.IsSuccess);

        await using var read = await contexts.CreateDbContextAsync();
        var files = await read.TicketAttachments().AsNoTracking().Where(a => a.TicketId == opened.Value.TicketId).ToListAsync();
        _logId = files.Single(f => f.FileName == "crash log.txt").Id;
        _pngId = files.Single(f => f.FileName == "screen.png").Id;
        _noteFileId = files.Single(f => f.FileName == "heap.txt").Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Get_TicketsCustomer_DownloadsTheFileAsAnAttachmentWithItsContentTypeAndNosniff()
    {
        using var client = await _factory.CreateSignedInClientAsync(_customer);

        using var response = await client.GetAsync(new Uri(AttachmentEndpoint.Href(_logId), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("crash log.txt", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal(Log, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_StaffMember_DownloadsTheCustomersFileAndTheInternalNotesFile()
    {
        using var client = await _factory.CreateSignedInClientAsync(_agent);

        using var png = await client.GetAsync(new Uri(AttachmentEndpoint.Href(_pngId), UriKind.Relative));
        using var note = await client.GetAsync(new Uri(AttachmentEndpoint.Href(_noteFileId), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", png.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", Assert.Single(png.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(Png, await png.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        Assert.Equal("internal only", await note.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_ImagePreview_IsInlineOnlyForImages()
    {
        using var client = await _factory.CreateSignedInClientAsync(_customer);

        using var image = await client.GetAsync(new Uri(AttachmentEndpoint.Href(_pngId, preview: true), UriKind.Relative));
        using var text = await client.GetAsync(new Uri(AttachmentEndpoint.Href(_logId, preview: true), UriKind.Relative));

        Assert.Equal("inline", image.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", Assert.Single(image.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("attachment", text.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Get_AnotherCustomer_Gets404ForEveryFileOfTheTicket()
    {
        using var client = await _factory.CreateSignedInClientAsync(_otherCustomer);

        foreach (var id in new[] { _logId, _pngId, _noteFileId })
        {
            using var response = await client.GetAsync(new Uri(AttachmentEndpoint.Href(id), UriKind.Relative));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentDisposition);
        }
    }

    [Fact]
    public async Task Get_TicketsCustomer_Gets404ForTheFileOfAnInternalNote()
    {
        using var client = await _factory.CreateSignedInClientAsync(_customer);

        using var response = await client.GetAsync(new Uri(AttachmentEndpoint.Href(_noteFileId), UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_Anonymous_IsSentToLogIn()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri(AttachmentEndpoint.Href(_logId), UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location?.OriginalString, StringComparison.OrdinalIgnoreCase);
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    [Theory]
    [InlineData("..%2F..%2Fappsettings.json")]
    [InlineData("%2E%2E%2F%2E%2E%2Fgamehost.db")]
    [InlineData("..%5C..%5Cappsettings.json")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Get_IdThatIsNotAStoredAttachment_IsRefusedWithoutReadingAFile(string id)
    {
        using var client = await _factory.CreateSignedInClientAsync(_agent);

        using var response = await client.GetAsync(new Uri(AttachmentEndpoint.Path + "/" + id, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.DoesNotContain("ConnectionStrings", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
