using System.Net;
using System.Text.RegularExpressions;

namespace GameHost.Tests.TestSupport;

/// <summary>A static-rendered Blazor form as the browser received it: where it posts, its form name and antiforgery token.</summary>
public sealed record StaticForm(Uri Action, string Handler, string AntiforgeryToken);

/// <summary>
/// Drives Blazor static (SSR) forms over plain HTTP, as a browser without JavaScript would: GET the page, take the
/// form's <c>_handler</c> name and antiforgery token, POST the fields. The client must keep cookies (the
/// <see cref="Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory{TEntryPoint}"/> client does), because the
/// antiforgery token is paired with a cookie.
/// </summary>
public static partial class StaticForms
{
    /// <summary>GETs <paramref name="url"/> and reads the form called <paramref name="formName"/> (or the first form).</summary>
    public static async Task<StaticForm> GetFormAsync(this HttpClient client, string url, string? formName = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(
                $"GET {url} answered {(int)response.StatusCode} (Location: {response.Headers.Location}); expected a page with a form.");
        }

        foreach (Match form in FormElement().Matches(html))
        {
            var handler = HiddenValue(form.Value, "_handler");
            if (handler is null || (formName is not null && handler != formName))
            {
                continue;
            }

            var token = HiddenValue(form.Value, "__RequestVerificationToken")
                ?? throw new InvalidOperationException($"The form '{handler}' on {url} has no antiforgery token.");
            var action = WebUtility.HtmlDecode(ActionAttribute().Match(form.Value) is { Success: true } m ? m.Groups[1].Value : url);
            return new StaticForm(new Uri(action, UriKind.Relative), handler, token);
        }

        throw new InvalidOperationException($"No form{(formName is null ? "" : $" named '{formName}'")} on {url}.");
    }

    /// <summary>POSTs the fields (e.g. <c>["Input.Email"] = "a@b.c"</c>) to a form read earlier; the token can be reused.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, StaticForm form, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        var all = new List<KeyValuePair<string, string>>(fields)
        {
            new("_handler", form.Handler),
            new("__RequestVerificationToken", form.AntiforgeryToken),
        };
        using var content = new FormUrlEncodedContent(all);
        return await client.PostAsync(form.Action, content);
    }

    /// <summary>GET the page, then POST its form with these fields.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields, string? formName = null)
    {
        var form = await client.GetFormAsync(url, formName);
        return await client.PostFormAsync(form, fields);
    }

    private static string? HiddenValue(string formHtml, string name)
    {
        var match = Regex.Match(formHtml, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"", RegexOptions.CultureInvariant);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*>.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FormElement();

    [GeneratedRegex("^<form[^>]*action=\"([^\"]*)\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ActionAttribute();
}
