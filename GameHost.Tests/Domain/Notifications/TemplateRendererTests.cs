using System.Globalization;
using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Templates;

namespace GameHost.Tests.Domain.Notifications;

public sealed class TemplateRendererTests
{
    private static Dictionary<string, string?> Values(params (string Key, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public void RenderText_KnownPlaceholdersWithAndWithoutSpaces_AreReplaced()
    {
        var text = TemplateRenderer.RenderText("Hi {{name}}, {{ amount }} due {{  due_date  }}.", Values(("name", "Ana"), ("amount", "$5.00"), ("due_date", "May 1")));

        Assert.Equal("Hi Ana, $5.00 due May 1.", text);
    }

    [Fact]
    public void RenderText_MissingOrNullOrUnknownValue_RendersEmptyWithoutThrowing()
    {
        var text = TemplateRenderer.RenderText("[{{ missing }}][{{ empty }}][{{ name }}]", Values(("empty", null), ("name", "Ana")));

        Assert.Equal("[][][Ana]", text);
    }

    [Fact]
    public void RenderText_ValueThatLooksLikeAPlaceholder_StaysLiteral()
    {
        var text = TemplateRenderer.RenderText("Hello {{ name }}", Values(("name", "{{ link }}"), ("link", "https://evil.test")));

        Assert.Equal("Hello {{ link }}", text);
    }

    [Fact]
    public void RenderHtmlParagraphs_HostileValue_IsEncodedAsText()
    {
        var html = TemplateRenderer.RenderHtmlParagraphs(
            "Hello {{ name }}\n\n<b>Literal</b> {{ link }}",
            Values(("name", "<script>alert('x')</script>\"&"), ("link", "javascript:alert(1)")));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Literal&lt;/b&gt;", html, StringComparison.Ordinal);
        // Only http(s) values of link placeholders become anchors.
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<p>").Length - 1);
    }

    [Fact]
    public void RenderHtmlParagraphs_HttpLinkValue_BecomesEncodedAnchor()
    {
        var html = TemplateRenderer.RenderHtmlParagraphs("Pay: {{ link }}", Values(("link", "https://hosting.test/pay?a=1&b=\"2\"")));

        Assert.Contains("<a href=\"https://hosting.test/pay?a=1&amp;b=&quot;2&quot;\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownPlaceholder_IsReportedByName()
    {
        var problems = TemplateRenderer.Validate("Hi {{ name }} {{ password }}", ["name"]);

        var problem = Assert.Single(problems);
        Assert.Equal(TemplateProblemKind.UnknownPlaceholder, problem.Kind);
        Assert.Equal("password", problem.Detail);
    }

    [Theory]
    [InlineData("Hi {{ name }")]
    [InlineData("Hi {{ first name }}")]
    [InlineData("Hi }} there")]
    public void Validate_MalformedBraces_AreReported(string template)
    {
        var problems = TemplateRenderer.Validate(template, ["name"]);

        Assert.Contains(problems, p => p.Kind == TemplateProblemKind.Malformed);
    }

    [Fact]
    public void Validate_EmptyOrTooLong_AreReported()
    {
        Assert.Equal(TemplateProblemKind.Empty, Assert.Single(TemplateRenderer.Validate("  ", ["name"])).Kind);
        Assert.Equal(TemplateProblemKind.TooLong, Assert.Single(TemplateRenderer.Validate(new string('a', TemplateRenderer.MaxTemplateLength + 1), ["name"])).Kind);
    }

    [Fact]
    public void Catalogue_EveryEvent_HasDefaultsInEveryLanguageUsingOnlyItsPlaceholders()
    {
        foreach (var notificationEvent in NotificationCatalogue.All)
        {
            foreach (var language in SupportedLanguages.All)
            {
                var culture = CultureInfo.GetCultureInfo(language);
                foreach (var part in new[] { "Subject", "Body", "Sms" })
                {
                    var key = $"{notificationEvent.Code}.{part}";
                    var text = NotificationTemplates.ExactText(key, culture);
                    Assert.False(string.IsNullOrWhiteSpace(text), $"{key} is missing in '{language}'");
                    Assert.Empty(TemplateRenderer.Validate(text, notificationEvent.Placeholders));
                }
            }
        }
    }

    [Fact]
    public void Catalogue_SpanishDefaults_AreTranslatedNotCopied()
    {
        var english = CultureInfo.GetCultureInfo("en");
        var spanish = CultureInfo.GetCultureInfo("es");
        foreach (var notificationEvent in NotificationCatalogue.All)
        {
            Assert.NotEqual(
                NotificationTemplates.ExactText($"{notificationEvent.Code}.Body", english),
                NotificationTemplates.ExactText($"{notificationEvent.Code}.Body", spanish));
        }
    }

    [Fact]
    public void Catalogue_Codes_AreUniqueAndSampleEveryPlaceholder()
    {
        Assert.Equal(NotificationCatalogue.All.Count, NotificationCatalogue.All.Select(e => e.Code).Distinct().Count());
        foreach (var notificationEvent in NotificationCatalogue.All)
        {
            Assert.All(notificationEvent.Placeholders, p => Assert.True(notificationEvent.SampleValues.ContainsKey(p), $"{notificationEvent.Code}: no sample for {p}"));
            Assert.True(notificationEvent.Audience == NotificationAudience.Customer || notificationEvent.StaffRoles.Count > 0, notificationEvent.Code);
        }
    }

    [Fact]
    public void Compose_SmsAndSubject_AreOneLineEvenWhenAValueHasLineBreaks()
    {
        var template = new NotificationTemplate("Ticket {{ subject }}", "New: {{ subject }}", false);
        var values = Values(("subject", "line one\r\nline two"));

        var email = NotificationComposer.Compose(NotificationChannel.Email, template, values, "en", null);
        var sms = NotificationComposer.Compose(NotificationChannel.Sms, template, values, "en", null);

        Assert.Equal("Ticket line one line two", email.Subject);
        Assert.Equal("New: line one line two", sms.Text);
    }
}
