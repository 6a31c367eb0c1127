using System.Globalization;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Staff;
using GameHost.Domain.Notifications.Templates;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Notifications;

/// <summary>
/// The template editor's preview fills placeholders with sample values in the preview's language, formatted as the
/// real raisers format them: a Spanish preview shows Spanish words, dates and amounts, an English one English.
/// </summary>
public class TemplateSamplesTests
{
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly DateTime DueDate = new(2026, 3, 8, 0, 0, 0, DateTimeKind.Utc);

    private static ComposedMessage PreviewDefault(string code, NotificationChannel channel, string language)
    {
        var template = NotificationTemplates.Default(code, channel, language);
        return TemplateEditor.Preview(new TemplateDraft(code, channel, language, template.Subject, template.Body));
    }

    [Fact]
    public void Preview_SpanishInvoiceIssued_SpanishDateAmountAndDueWording()
    {
        var preview = PreviewDefault(Codes.InvoiceIssued, NotificationChannel.Email, "es");

        Assert.Equal($"Factura INV-2026-0042 por {new Money(1200, Currency.USD).Format(Spanish)}", preview.Subject);
        Assert.Contains($"Vence el {DueDate.ToString("D", Spanish)}.", preview.Text, StringComparison.Ordinal);
        Assert.Contains("de marzo de 2026", preview.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("March", preview.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("$12.00", preview.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_EnglishInvoiceIssued_EnglishDateAmountAndDueWording()
    {
        var preview = PreviewDefault(Codes.InvoiceIssued, NotificationChannel.Email, "en");

        Assert.Equal("Invoice INV-2026-0042 for $12.00", preview.Subject);
        Assert.Contains($"It is due on {DueDate.ToString("D", English)}.", preview.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_SpanishPriceChange_SpanishServerNamePeriodAndPrices()
    {
        var preview = TemplateEditor.Preview(new TemplateDraft(
            Codes.PriceChangeAnnounced, NotificationChannel.InApp, "es", "{{ server_name }}", "{{ period }} {{ old_price }} → {{ new_price }} {{ effective_date }}"));

        Assert.Equal("Supervivencia SMP", preview.Subject);
        Assert.Equal(
            $"mensual {new Money(1000, Currency.USD).Format(Spanish)} → {new Money(1200, Currency.USD).Format(Spanish)} {new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc).ToString("D", Spanish)}",
            preview.Text);
    }

    [Fact]
    public void Preview_SpanishSuspensionAndTicketReply_SpanishSentences()
    {
        var suspended = TemplateEditor.Preview(new TemplateDraft(Codes.ServiceSuspended, NotificationChannel.Sms, "es", null, "{{ reason }}"));
        var reply = TemplateEditor.Preview(new TemplateDraft(Codes.TicketReply, NotificationChannel.InApp, "es", "{{ subject }}", "{{ author }}: {{ excerpt }}"));

        Assert.Equal("La factura INV-2026-0042 está pendiente de pago.", suspended.Text);
        Assert.Equal("El servidor no arranca", reply.Subject);
        Assert.Equal("María (soporte): ¿Nos puedes enviar el último registro?", reply.Text);
    }

    [Fact]
    public void SampleValuesIn_EveryEvent_SameNamesInBothLanguagesAndNoEnglishMonthOrDollarFormatInSpanish()
    {
        foreach (var notificationEvent in NotificationCatalogue.All)
        {
            var english = notificationEvent.SampleValuesIn("en");
            var spanish = notificationEvent.SampleValuesIn("es");

            Assert.Equal(notificationEvent.SampleValues, english);
            Assert.Equal(english.Keys.Order(StringComparer.Ordinal), spanish.Keys.Order(StringComparer.Ordinal));
            Assert.All(notificationEvent.Placeholders, p => Assert.False(string.IsNullOrWhiteSpace(spanish[p]), $"{notificationEvent.Code}: no Spanish sample for {p}"));
            Assert.All(spanish.Values, v => Assert.DoesNotMatch(@"January|February|March|April|May|June|July|August|September|October|November|December|\$\d+\.\d\d", v));
        }
    }
}
