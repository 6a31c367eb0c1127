using GameHost.App.Features.Customers;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Queries;
using Microsoft.Net.Http.Headers;

namespace GameHost.App.Features.Support.Attachments;

/// <summary>
/// Ticket attachments, only for the ticket's customer and staff. Always served with <c>Content-Disposition:
/// attachment</c>, the type found from the content, <c>nosniff</c> and a sandboxing CSP; <c>?preview=1</c> shows an
/// image inline (images only) for the conversation's thumbnails. Anyone else gets 404, never a hint it exists.
/// </summary>
public static class AttachmentEndpoint
{
    public const string Path = "/support/attachments";

    public static string Href(Guid id, bool preview = false) => $"{Path}/{id:D}" + (preview ? "?preview=1" : "");

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Path + "/{id:guid}", async (Guid id, string? preview, HttpContext http, TicketQueries queries, AttachmentStore store) =>
        {
            if (SignedInUser.Id(http.User) is not { } viewer)
            {
                return Results.Unauthorized();
            }

            var attachment = await queries.AttachmentForAsync(viewer, id, http.RequestAborted);
            var stream = attachment is null ? null : store.Open(attachment.StoredName);
            if (attachment is null || stream is null)
            {
                stream?.Dispose();
                return Results.NotFound();
            }

            var inline = preview == "1" && attachment.IsImage;
            http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
            http.Response.Headers[HeaderNames.CacheControl] = "private, no-store";
            if (inline)
            {
                var disposition = new ContentDispositionHeaderValue("inline");
                disposition.SetHttpFileName(attachment.FileName);
                http.Response.Headers[HeaderNames.ContentDisposition] = disposition.ToString();
                return Results.Stream(stream, attachment.ContentType);
            }

            return Results.Stream(stream, attachment.ContentType, attachment.FileName);
        }).RequireAuthorization();
        return endpoints;
    }
}
