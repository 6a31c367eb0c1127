using GameHost.Domain.Notifications.Email;

namespace GameHost.Domain.Support.Mail;

/// <summary>
/// The one polite answer an unknown sender gets: support by e-mail is for customers, write from the address of the
/// account or open an account first. The sender's language is unknown, so it is written in English and Spanish.
/// </summary>
public static class MailRefusal
{
    public const string Category = "support";

    public static EmailMessage For(string toAddress, string? originalSubject, MailImportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var subject = string.IsNullOrWhiteSpace(originalSubject) ? "Your message" : originalSubject.Trim();
        if (!subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase))
        {
            subject = "Re: " + subject;
        }

        if (subject.Length > 200)
        {
            subject = subject[..200];
        }

        var text = $"""
            Hello,

            Thank you for writing to {context.SiteName} support. This address answers our customers, and we could not find an account for {toAddress}.

            If you have an account, please write again from the e-mail address of your account. If you do not have one yet, you can open one at {context.SignUpUrl} and then write to us from your cabinet.

            This is an automatic answer; you will not receive another one today.

            ---

            Hola:

            Gracias por escribir al soporte de {context.SiteName}. Esta dirección atiende a nuestros clientes y no encontramos ninguna cuenta para {toAddress}.

            Si ya tienes una cuenta, vuelve a escribirnos desde el correo de tu cuenta. Si aún no la tienes, puedes crearla en {context.SignUpUrl} y escribirnos después desde tu panel.

            Esta es una respuesta automática; hoy no recibirás otra.
            """;
        // Automatic mail: Auto-Submitted keeps the stranger's responder quiet, and an answer to it is never refused again.
        return new EmailMessage(toAddress, null, subject, text, null, Category) { IsAutomatic = true };
    }
}
