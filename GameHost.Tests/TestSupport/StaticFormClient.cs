using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace GameHost.Tests.TestSupport;

/// <summary>
/// Drives static server-rendered Blazor forms over HTTP like a browser without JavaScript: GET the page, take the
/// antiforgery token from the form named by its <c>_handler</c>, post the fields with that handler. Redirects are
/// not followed automatically, so tests can assert where a post sends the user; <see cref="FollowAsync"/> follows.
/// Cookies (sign-in, antiforgery, culture) are kept by the underlying client.
/// </summary>
public sealed class StaticFormClient(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http => http;

    public async Task<FormPage> GetAsync(string url)
    {
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        return await FormPage.ReadAsync(response);
    }

    /// <summary>Posts a form of the page at <paramref name="url"/>; the answer's redirect is left to the caller.</summary>
    public async Task<FormPage> PostAsync(string url, string formName, IReadOnlyDictionary<string, string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var form = await http.GetFormAsync(url, formName);
        using var response = await http.PostFormAsync(form, fields.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Key, f.Value!)));
        return await FormPage.ReadAsync(response);
    }

    /// <summary>Follows redirects (GET) until a page answers.</summary>
    public async Task<FormPage> FollowAsync(FormPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        for (var hops = 0; page.Location is not null && hops < 5; hops++)
        {
            page = await GetAsync(page.Location);
        }

        return page;
    }

    public void Dispose() => http.Dispose();

    public sealed class FormPage
    {
        private FormPage(HttpStatusCode statusCode, string? location, string html)
        {
            StatusCode = statusCode;
            Location = location;
            Html = html;
            Document = Parser.ParseDocument(html);
        }

        public HttpStatusCode StatusCode { get; }

        /// <summary>The redirect target as a path and query, when the answer is a redirect.</summary>
        public string? Location { get; }

        public string Html { get; }

        public IDocument Document { get; }

        public IElement? Form(string formName) =>
            Document.QuerySelectorAll("form")
                .FirstOrDefault(f => f.QuerySelector($"input[name='_handler'][value='{formName}']") is not null);

        public IElement? ByTestId(string testId) => Document.QuerySelector($"[data-testid='{testId}']");

        public IReadOnlyList<IElement> AllByTestId(string testId) => Document.QuerySelectorAll($"[data-testid='{testId}']").ToList();

        /// <summary>The validation messages shown next to the input whose name is <paramref name="fieldName"/>.</summary>
        public IReadOnlyList<string> FieldErrors(string fieldName)
        {
            var input = Document.QuerySelector($"[name='{fieldName}']");
            var field = input?.Closest(".gh-field");
            return field?.QuerySelectorAll(".validation-message, .gh-field-error").Select(e => e.TextContent.Trim())
                .Where(t => t.Length > 0).ToList() ?? [];
        }

        internal static async Task<FormPage> ReadAsync(HttpResponseMessage response)
        {
            var location = response.Headers.Location is { } uri
                ? uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString
                : null;
            return new FormPage(response.StatusCode, location, await response.Content.ReadAsStringAsync());
        }
    }
}
