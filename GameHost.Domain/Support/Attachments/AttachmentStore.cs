using Microsoft.Extensions.Options;

namespace GameHost.Domain.Support.Attachments;

/// <summary>A file someone uploads with a message.</summary>
public sealed record AttachmentUpload(string FileName, byte[] Content);

/// <summary>
/// Keeps attachment bytes in the configured folder (outside the web root) under generated names, so nothing a user
/// chose ever becomes a path. Files are written before the ticket is saved and removed again if the save fails.
/// </summary>
public sealed class AttachmentStore(IOptions<SupportOptions> options)
{
    public string Folder => Path.GetFullPath(options.Value.AttachmentFolder);

    public async Task<string> WriteAsync(byte[] content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(Folder);
        var name = Guid.NewGuid().ToString("N") + Extension(contentType);
        await File.WriteAllBytesAsync(Path.Combine(Folder, name), content, cancellationToken);
        return name;
    }

    /// <summary>Opens a stored file for reading; null when it is missing.</summary>
    public Stream? Open(string storedName)
    {
        if (string.IsNullOrEmpty(storedName) || storedName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || storedName.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.Combine(Folder, storedName);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read) : null;
    }

    public void Delete(string storedName)
    {
        var path = Path.Combine(Folder, storedName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>A file name safe to show and offer as the download name.</summary>
    public static string CleanFileName(string? name)
    {
        var file = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var cleaned = new string(file.Where(c => !char.IsControl(c) && c is not ('"' or '/' or '\\' or ':' or '*' or '?' or '<' or '>' or '|')).ToArray()).Trim().Trim('.');
        if (cleaned.Length == 0)
        {
            cleaned = "file";
        }

        return cleaned.Length <= Ticket.MaxSubjectLength ? cleaned : cleaned[^Ticket.MaxSubjectLength..];
    }

    private static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        "application/zip" => ".zip",
        _ => ".txt",
    };
}
