namespace GameHost.Domain.Notifications.Catalogue;

public enum NotificationAudience
{
    Customer = 0,
    Staff = 1,
}

/// <summary>
/// One kind of notification the product sends. <see cref="Mandatory"/> events always reach the user in the app and by
/// e-mail (where the event uses those channels); optional ones follow the user's preferences and carry an unsubscribe
/// link in their e-mails. <see cref="Placeholders"/> are the only names a template of this event may use, and
/// <see cref="SampleValues"/> fill them in the staff preview (<see cref="SampleValuesIn"/> in the preview's language).
/// </summary>
public sealed record NotificationEvent(
    string Code,
    string Group,
    NotificationAudience Audience,
    bool Mandatory,
    IReadOnlyList<string> Placeholders,
    IReadOnlyDictionary<string, string> SampleValues,
    IReadOnlyList<NotificationChannel> Channels)
{
    /// <summary>Staff roles that receive a staff event (ignored for customer events).</summary>
    public IReadOnlyList<string> StaffRoles { get; init; } = [];

    /// <summary>The sample values in any language; <see cref="SampleValues"/> holds them in English.</summary>
    public IReadOnlyDictionary<string, NotificationSample> Samples { get; init; } = new Dictionary<string, NotificationSample>(StringComparer.Ordinal);

    /// <summary>The sample values as the preview in <paramref name="language"/> shows them: words, amounts and dates in that language.</summary>
    public IReadOnlyDictionary<string, string> SampleValuesIn(string? language) =>
        Samples.Count == 0 ? SampleValues : Samples.ToDictionary(s => s.Key, s => s.Value.In(language), StringComparer.Ordinal);

    /// <summary>
    /// Channels the user cannot switch off even though the event is optional elsewhere: a ticket reply is the
    /// customer's own conversation, so its e-mail is transactional (no unsubscribe link), while its Telegram and SMS
    /// nudges stay a preference.
    /// </summary>
    public IReadOnlyList<NotificationChannel> RequiredChannels { get; init; } = [];

    public bool Offers(NotificationChannel channel) => Channels.Contains(channel);

    /// <summary>Whether the user may switch this event off on this channel.</summary>
    public bool IsLocked(NotificationChannel channel) =>
        (Mandatory && channel is NotificationChannel.InApp or NotificationChannel.Email) || RequiredChannels.Contains(channel);
}
