using GameHost.Domain.Support.Mail;

namespace GameHost.Tests.Domain.Support.Mail;

public class MailTextTests
{
    [Fact]
    public void StripQuotedHistory_GmailStyleOnWrote_KeepsOnlyTheNewText()
    {
        var text = "Thanks, it works now.\n\nOn Tue, 3 Mar 2026 at 10:15, GameHost Support <support@example.com> wrote:\n> Please restart the server.\n> Regards";

        Assert.Equal("Thanks, it works now.", MailText.StripQuotedHistory(text));
    }

    [Fact]
    public void StripQuotedHistory_OnWroteWrappedOverTwoLines_CutsAtTheFirstLine()
    {
        var text = "Still broken.\nOn Tue, 3 Mar 2026 at 10:15, GameHost Support <support@example.com>\nwrote:\n> old";

        Assert.Equal("Still broken.", MailText.StripQuotedHistory(text));
    }

    [Fact]
    public void StripQuotedHistory_SpanishEscribio_KeepsOnlyTheNewText()
    {
        var text = "Gracias, ya funciona.\r\n\r\nEl mar, 3 mar 2026 a las 10:15, Soporte <soporte@example.com> escribió:\r\n> Reinicie el servidor.";

        Assert.Equal("Gracias, ya funciona.", MailText.StripQuotedHistory(text));
    }

    [Fact]
    public void StripQuotedHistory_OutlookOriginalMessage_CutsTheHistory()
    {
        var text = "See the log attached.\n\n-----Original Message-----\nFrom: Support\nSent: Tuesday\nSubject: [T-4F7K2] Crash";

        Assert.Equal("See the log attached.", MailText.StripQuotedHistory(text));
    }

    [Fact]
    public void StripQuotedHistory_OutlookFromSentHeaderBlock_CutsTheHistory()
    {
        var text = "Done.\n\n________________________________\nFrom: GameHost Support <support@example.com>\nSent: Tuesday, March 3, 2026 10:15 AM\nTo: Ana\nSubject: RE: [T-4F7K2]\n\nPlease restart.";

        Assert.Equal("Done.", MailText.StripQuotedHistory(text));
    }

    [Fact]
    public void StripQuotedHistory_SpanishOutlookDeEnviado_CutsTheHistory()
    {
        var text = "Listo.\n\nDe: Soporte <soporte@example.com>\nEnviado: martes, 3 de marzo de 2026 10:15\nPara: Ana\nAsunto: RE: [T-4F7K2]";

        Assert.Equal("Listo.", MailText.StripQuotedHistory(text));
    }

    [Fact]
    public void StripQuotedHistory_Signature_IsCut()
    {
        var text = "The server is up again.\n\n-- \nAna García\nCEO, Example Ltd";

        Assert.Equal("The server is up again.", MailText.StripQuotedHistory(text));
    }

    [Fact]
    public void StripQuotedHistory_InterleavedQuotedLines_AreDropped()
    {
        var text = "> Which version?\n1.20.4\n> Which world?\nThe default one.";

        Assert.Equal("1.20.4\nThe default one.", MailText.StripQuotedHistory(text));
    }

    [Fact]
    public void StripQuotedHistory_AFromLineInsideTheText_IsKept()
    {
        var text = "From: my point of view the server lags.\nIt started yesterday.";

        Assert.Equal(text, MailText.StripQuotedHistory(text));
    }

    [Fact]
    public void StripQuotedHistory_NothingButQuotes_KeepsTheWholeText()
    {
        var text = "> only a quote\n> nothing else";

        Assert.Equal(text, MailText.StripQuotedHistory(text));
    }

    [Fact]
    public void FromHtml_ScriptsStylesAndTags_AreDroppedAndEntitiesDecoded()
    {
        var html = "<html><head><style>p{color:red}</style><title>x</title></head><body>"
            + "<p>Hello &amp; welcome</p><script>alert('x')</script><div>Line&nbsp;two<br>Line three</div>"
            + "<ul><li>one</li><li>two</li></ul><img src=x onerror=alert(1)><!-- hidden --></body></html>";

        var text = MailText.FromHtml(html);

        Assert.Equal("Hello & welcome\n\nLine two\nLine three\n\n- one\n- two", text);
        Assert.DoesNotContain("alert", text, StringComparison.Ordinal);
        Assert.DoesNotContain("color", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHtml_EncodedMarkup_StaysText()
    {
        var text = MailText.FromHtml("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");

        Assert.Equal("<script>alert(1)</script>", text);
    }

    [Fact]
    public void BodyOf_GmailHtmlReply_DropsTheQuotedBlock()
    {
        var html = "<div dir=\"ltr\">New text here</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Tue, Mar 3, 2026 at 10:15 AM Support &lt;support@example.com&gt; wrote:<br></div>"
            + "<blockquote class=\"gmail_quote\">Old text</blockquote></div>";

        var body = MailText.BodyOf(Mail(text: null, html: html));

        Assert.Equal("New text here", body);
    }

    [Fact]
    public void BodyOf_TextAndHtml_PrefersText()
    {
        var body = MailText.BodyOf(Mail(text: "plain words", html: "<p>html words</p>"));

        Assert.Equal("plain words", body);
    }

    [Fact]
    public void BodyOf_HugeBody_IsBounded()
    {
        var body = MailText.BodyOf(Mail(text: new string('a', MailText.MaxLength + 500), html: null));

        Assert.True(body.Length <= MailText.MaxLength + 10);
        Assert.EndsWith("[…]", body, StringComparison.Ordinal);
    }

    internal static InboundMail Mail(
        string? text = "Hello",
        string? html = null,
        string? from = "ana@example.com",
        string subject = "Server down",
        IReadOnlyDictionary<string, string>? headers = null,
        bool report = false,
        string? messageId = "m1@example.com") =>
        new(messageId, null, [], from, "Ana", ["support@example.com"], subject, text, html, [],
            headers ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), report, "00");
}
