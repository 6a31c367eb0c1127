using System.Globalization;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Support;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.Sla;
using GameHost.Domain.Support.UseCases;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Support;

/// <summary>What the helpdesk itself writes into tickets reads in the reader's language, English and Spanish.</summary>
public sealed class SupportTextsTests : IDisposable
{
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private readonly SupportTestData _data = new(o =>
    {
        o.AutoCloseAfterDays = 7;
        o.AutoCloseWarningDays = 2;
    });

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _uiCulture;
        _data.Dispose();
    }

    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    /// <summary>The ticket's messages as a staff member reading in <paramref name="culture"/> sees them.</summary>
    private async Task<IReadOnlyList<MessageView>> ReadAsync(Guid viewerId, Guid ticketId, string culture)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        return (await _data.Get<TicketQueries>().TicketAsync(viewerId, ticketId, CancellationToken.None))!.Messages;
    }

    [Theory]
    [InlineData("en-US", "First-response target missed. Priority raised to High. Reassigned.")]
    [InlineData("es-ES", "Objetivo de primera respuesta incumplido. Prioridad elevada a Alta. Reasignado.")]
    public async Task SlaBreachNote_ReadsInTheReadersLanguage(string culture, string expected)
    {
        await _data.AddPolicyAsync(_data.TechnicalId, TicketPriority.Normal, 60, 0, raise: true, reassign: _data.SecondSupportId);
        var ticketId = await _data.OpenAsync();
        _data.Time.Advance(TimeSpan.FromMinutes(61));
        await _data.Get<SupportSlaSweep>().RunAsync(CancellationToken.None);

        var note = Assert.Single(await ReadAsync(_data.SupportId, ticketId, culture), m => m.Kind == MessageKind.Note);

        Assert.Equal(expected, note.Body);
        Assert.Equal("First-response target missed. Priority raised to High. Reassigned.", Assert.Single(await _data.MessagesAsync(ticketId), m => m.Kind == MessageKind.Note).Body); // search keeps English
    }

    [Theory]
    [InlineData("en-US", "Closed automatically after waiting for the customer.", "This ticket will close automatically in 2 days without an answer. Reply to keep it open.")]
    [InlineData("es-ES", "Cerrado automáticamente tras esperar la respuesta del cliente.", "Este ticket se cerrará automáticamente en 2 días si no hay respuesta. Responda para mantenerlo abierto.")]
    public async Task AutoCloseWarningAndNote_ReadInTheReadersLanguage(string culture, string closed, string warning)
    {
        var ticketId = await _data.OpenAsync();
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("Does it work now?") { RequestId = NewRequestId() }, CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(5.5));
        await _data.Get<SupportSlaSweep>().RunAsync(CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(2));
        await _data.Get<SupportSlaSweep>().RunAsync(CancellationToken.None);

        var messages = await ReadAsync(_data.SupportId, ticketId, culture);

        Assert.Equal(warning, messages[^2].Body);
        Assert.Equal(closed, messages[^1].Body);
    }

    [Fact]
    public async Task AutoCloseWarning_SpanishCustomer_MailedInSpanish()
    {
        var ticketId = await _data.OpenAsync(customer: _data.OtherCustomerId); // Bruno reads Spanish
        await _data.Desk.StaffReplyAsync(_data.SupportId, ticketId, new ReplyRequest("¿Funciona ya?") { RequestId = NewRequestId() }, CancellationToken.None);
        _data.Time.Advance(TimeSpan.FromDays(5.5));

        await _data.Get<SupportSlaSweep>().RunAsync(CancellationToken.None);

        await using var db = _data.Database.NewContext();
        var mails = await db.OutboundEmails.Where(e => e.Category == NotificationCatalogue.Codes.TicketReply).Select(e => e.TextBody).ToListAsync();
        Assert.Contains(mails, body => body.Contains("Este ticket se cerrará automáticamente en 2 días", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("en-US", "Merged {0} \"Second\" into this ticket.")]
    [InlineData("es-ES", "Se fusionó {0} «Second» en este ticket.")]
    public async Task MergeNote_ReadsInTheReadersLanguage(string culture, string expected)
    {
        var target = await _data.OpenAsync("First");
        var source = await _data.OpenAsync("Second");
        await _data.Actions.MergeAsync(_data.SupportId, source, target, CancellationToken.None);
        var reference = (await _data.TicketAsync(source)).Reference;

        var note = Assert.Single(await ReadAsync(_data.SupportId, target, culture), m => m.Kind == MessageKind.Note);

        Assert.Equal(string.Format(CultureInfo.InvariantCulture, expected, reference), note.Body);
    }

    [Theory]
    [InlineData("en-US", "Hello, logs attached.\n\n_Attachments not kept: run.exe is not an image, PDF, ZIP or text file._")]
    [InlineData("es-ES", "Hello, logs attached.\n\n_Adjuntos no guardados: run.exe no es una imagen, un PDF, un ZIP ni un archivo de texto._")]
    public async Task GuestMailWithRefusedFile_TheNoteReadsInTheReadersLanguage(string culture, string expected)
    {
        var result = await _data.Desk.GuestMailAsync(new GuestMail(
            "g1@elsewhere.test", "gary@elsewhere.test", "Gary", "Logs", "Logs", "Hello, logs attached.",
            [new AttachmentUpload("run.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03])], ["tech@gamehost.test"], null, []), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);

        var message = Assert.Single(await ReadAsync(_data.SupportId, result.Value!.TicketId, culture));

        Assert.Equal(expected, message.Body);
    }

    [Fact]
    public void WithNotes_SenderWordsThenOurSentences_BodyInEnglishAndTheCodeRendersEachLanguage()
    {
        var (body, code) = SupportTexts.WithNotes("  Logs attached.\n", [SupportTexts.TooMany("six.png", 5)]);

        Assert.Equal("Logs attached.\n\n_Attachments not kept: six.png, past the 5 files a message may carry._", body);
        Assert.Equal(body, SupportTexts.Render(code, body, new CultureInfo("en-US")));
        Assert.Equal("Logs attached.\n\n_Adjuntos no guardados: six.png, más allá de los 5 archivos que puede llevar un mensaje._", SupportTexts.Render(code, body, new CultureInfo("es-ES")));
    }

    [Fact]
    public void WithNotes_NoWordsOrNoSentences_NothingOfTheOtherIsAdded()
    {
        var (onlyNote, code) = SupportTexts.WithNotes("", [SupportTexts.NotKept(SupportErrors.AttachmentEmpty, "a.txt", 10)]);
        Assert.Equal("_Attachments not kept: a.txt is empty._", onlyNote);
        Assert.Equal("_Adjuntos no guardados: a.txt está vacío._", SupportTexts.Render(code, onlyNote, new CultureInfo("es-ES")));

        Assert.Equal(("Hi", (string?)null), SupportTexts.WithNotes("Hi", []));
    }

    [Fact]
    public void Bounded_ManyRefusedFiles_NamesTenAndCountsTheRest_PlainForTheLog()
    {
        var notes = Enumerable.Range(1, 13).Select(i => SupportTexts.TooMany($"f{i}.png", 5)).ToList();

        var bounded = SupportTexts.Bounded(notes);

        Assert.Equal(11, bounded.Count);
        Assert.Equal("_Attachments not kept: 3 more files._", SupportTexts.Render(bounded.Skip(10), "en"));
        Assert.Equal("_Adjuntos no guardados: 3 archivos más._", SupportTexts.Render(bounded.Skip(10), "es"));
        Assert.Equal("Attachments not kept: f1.png, past the 5 files a message may carry. Attachments not kept: 3 more files.",
            SupportTexts.Plain([bounded[0], bounded[10]]));
    }

    [Theory]
    [InlineData("en-US", "Hello.\n\n_Attachments not kept: a.exe is not an image, PDF, ZIP or text file._ _Attachments not kept: there were more or larger files than a ticket may hold._ _So none of the message's files were kept._")]
    [InlineData("es-ES", "Hello.\n\n_Adjuntos no guardados: a.exe no es una imagen, un PDF, un ZIP ni un archivo de texto._ _Adjuntos no guardados: había más archivos, o más grandes, de los que admite un ticket._ _Por eso no se guardó ninguno de los archivos del mensaje._")]
    public async Task GuestMailWithFilesRefusedByTheImportAndTheHelpdesk_BothNotesReadInTheReadersLanguage(string culture, string expected)
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52 };
        var files = Enumerable.Range(1, 6).Select(i => new AttachmentUpload($"{i}.png", png)).ToList(); // one more than a message may carry
        var result = await _data.Desk.GuestMailAsync(new GuestMail(
            "g2@elsewhere.test", "gary@elsewhere.test", "Gary", "Pictures", "Pictures", "Hello.", files, ["tech@gamehost.test"], null, [])
        {
            NotKept = [SupportTexts.NotKept(SupportErrors.AttachmentType, "a.exe", 10)],
        }, CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);

        var message = Assert.Single(await ReadAsync(_data.SupportId, result.Value!.TicketId, culture));

        Assert.Equal(expected, message.Body);
        Assert.StartsWith("Attachments not kept: a.exe is not an image", result.Value.AttachmentsNotKept, StringComparison.Ordinal);
    }

    [Fact]
    public void SlaWaiting_BothLanguagesFormatTheNumbers()
    {
        Assert.Equal("4 h 10 min", SupportTexts.Text("Sla.Waiting", "en", 4, 10));
        Assert.Equal("4 h 10 min", SupportTexts.Text("Sla.Waiting", "es", 4, 10));
    }

    [Fact]
    public void Render_UnreadableCode_FallsBackToTheStoredBody()
    {
        Assert.Equal("stored", SupportTexts.Render("not json", "stored", CultureInfo.InvariantCulture));
        Assert.Equal("stored", SupportTexts.Render(null, "stored", CultureInfo.InvariantCulture));
    }
}
