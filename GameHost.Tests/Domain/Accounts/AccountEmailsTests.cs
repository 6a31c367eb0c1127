using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Registration;

namespace GameHost.Tests.Domain.Accounts;

public class AccountEmailsTests
{
    private static ApplicationUser User(string language, string name = "Mia") =>
        new() { Id = Guid.NewGuid(), Email = "mia@example.test", FullName = name, PreferredLanguage = language };

    [Fact]
    public void ConfirmEmail_EnglishUser_WritesEnglishTextAndHtmlWithTheLink()
    {
        var message = AccountEmails.ConfirmEmail(User("en"), "Blocky", "https://host:5101/account/confirm-email?userId=1&code=abc");

        Assert.Equal("Confirm your e-mail address for Blocky", message.Subject);
        Assert.Contains("Hello Mia,", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://host:5101/account/confirm-email?userId=1&code=abc", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://host:5101/account/confirm-email?userId=1&amp;code=abc\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("mia@example.test", message.ToAddress);
    }

    [Fact]
    public void ResetPassword_SpanishUser_WritesSpanishText()
    {
        var message = AccountEmails.ResetPassword(User("es"), "Blocky", "https://host/reset");

        Assert.Equal("Restablece tu contraseña de Blocky", message.Subject);
        Assert.Contains("Hola, Mia:", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(AccountEmails.ResetPasswordCategory, message.Category);
    }

    [Fact]
    public void ConfirmEmail_NameWithMarkup_IsEncodedInHtml()
    {
        var message = AccountEmails.ConfirmEmail(User("en", "<script>alert(1)</script>"), "Blocky & Co", "https://host/c");

        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Blocky &amp; Co", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfirmEmail_UnsupportedLanguage_FallsBackToEnglish()
    {
        var message = AccountEmails.ConfirmEmail(User("de"), "Blocky", "https://host/c");

        Assert.Equal("Confirm your e-mail address for Blocky", message.Subject);
    }
}
