using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Provisioning.Settings;

/// <param name="ApiKey">Empty keeps the stored key (the form never shows it back).</param>
/// <param name="PublicPanelUrl">Empty = the panel address.</param>
public sealed record SavePanelSettingsCommand(
    Guid ActorUserId,
    string PanelUrl,
    string? PublicPanelUrl,
    string? ApiKey,
    int SyncIntervalMinutes,
    string? CorrelationId = null);

/// <param name="Changed">False when the settings already were exactly these (a repeated click).</param>
public sealed record PanelSettingsSaved(bool Changed, string ApiKeyHint);

/// <summary>The settings as the audit log shows them: never the key, only its masked hint.</summary>
public sealed record PanelSettingsAuditSnapshot(string PanelUrl, string PublicPanelUrl, string ApiKeyHint, int SyncIntervalMinutes);

/// <summary>
/// Saves the panel connection. The key is stored only as <see cref="ISecretProtector"/> protected it, and shown back
/// only as its hint; an empty key field keeps the stored key. Changing the address or the key clears the last
/// connection test (it was about another connection). Audited without the key.
/// </summary>
public sealed class SavePanelSettings(
    IDbContextFactory<GameHostDbContext> contexts, ISecretProtector protector, AuditLog audit, StoredPanelConnection connection, TimeProvider time)
{
    public const string AuditSubject = "PanelSettings";
    public const string AuditSubjectId = "panel";
    public const string SavedAction = "panel.settings_saved";

    public async Task<Result<PanelSettingsSaved>> ExecuteAsync(SavePanelSettingsCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var url = PanelAddress.NormalizeRoot(command.PanelUrl, PanelSettingsErrors.UrlInvalid);
        if (!url.IsSuccess)
        {
            return url.Error;
        }

        var publicUrl = string.IsNullOrWhiteSpace(command.PublicPanelUrl)
            ? Result<string>.Success("")
            : PanelAddress.NormalizeRoot(command.PublicPanelUrl, PanelSettingsErrors.PublicUrlInvalid);
        if (!publicUrl.IsSuccess)
        {
            // The API-path advice belongs to the panel address; the public address gets its own message at its own field.
            return publicUrl.Error.Code == PanelSettingsErrors.UrlIncludesApiPath.Code ? PanelSettingsErrors.PublicUrlInvalid : publicUrl.Error;
        }

        if (command.SyncIntervalMinutes is < PanelAddress.MinSyncIntervalMinutes or > PanelAddress.MaxSyncIntervalMinutes)
        {
            return PanelSettingsErrors.SyncIntervalOutOfRange;
        }

        var newKey = string.IsNullOrWhiteSpace(command.ApiKey) ? null : command.ApiKey.Trim();
        if (newKey is not null && PanelAddress.CheckKey(newKey) is { } keyError)
        {
            return keyError;
        }

        try
        {
            return await SaveAsync(command, url.Value, publicUrl.Value, newKey, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone created the settings row between our read and our insert (another admin, or a status write of
            // a test or sync): read it again and apply this save on top.
            return await SaveAsync(command, url.Value, publicUrl.Value, newKey, cancellationToken);
        }
    }

    private async Task<Result<PanelSettingsSaved>> SaveAsync(
        SavePanelSettingsCommand command, string url, string publicUrl, string? newKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await PanelAdmin.LoadAsync(db, command.ActorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var settings = await db.PanelSettings().SingleOrDefaultAsync(cancellationToken);
        var isNew = settings is null;
        settings ??= new PanelSettings();
        if (newKey is null && settings.ProtectedApiKey.Length == 0)
        {
            return PanelSettingsErrors.ApiKeyRequired;
        }

        var before = Snapshot(settings);
        var keyChanged = newKey is not null && !string.Equals(protector.Unprotect(settings.ProtectedApiKey), newKey, StringComparison.Ordinal);
        var urlChanged = !string.Equals(settings.PanelUrl, url, StringComparison.Ordinal);
        if (!keyChanged && !urlChanged
            && settings.PublicPanelUrl == publicUrl && settings.SyncIntervalMinutes == command.SyncIntervalMinutes && !isNew)
        {
            return new PanelSettingsSaved(Changed: false, settings.ApiKeyHint);
        }

        settings.PanelUrl = url;
        settings.PublicPanelUrl = publicUrl;
        settings.SyncIntervalMinutes = command.SyncIntervalMinutes;
        settings.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        if (keyChanged)
        {
            settings.ProtectedApiKey = protector.Protect(newKey!);
            settings.ApiKeyHint = PanelAddress.Mask(newKey!);
        }

        if (keyChanged || urlChanged)
        {
            settings.LastTestAtUtc = null;
            settings.LastTestSucceeded = null;
            settings.LastTestProblem = null;
            settings.LastTestDetail = null;
        }

        if (isNew)
        {
            db.PanelSettings().Add(settings);
        }

        audit.Record(db, actor.Value, SavedAction, AuditSubject, AuditSubjectId, isNew ? null : before, Snapshot(settings), command.CorrelationId);
        await db.SaveChangesAsync(cancellationToken);
        connection.Invalidate();
        return new PanelSettingsSaved(Changed: true, settings.ApiKeyHint);
    }

    private static PanelSettingsAuditSnapshot Snapshot(PanelSettings settings) =>
        new(settings.PanelUrl, settings.PublicPanelUrl, settings.ApiKeyHint, settings.SyncIntervalMinutes);
}
