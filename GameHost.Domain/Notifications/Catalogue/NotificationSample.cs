using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Templates;
using GameHost.Domain.Notifications.Values;

namespace GameHost.Domain.Notifications.Catalogue;

/// <summary>
/// The sample value of a placeholder in the language of the preview: words come from <c>NotificationValuesText</c>
/// (<c>Sample.*</c> keys and the real raisers' own sentences), money and dates are formatted as
/// <see cref="NotificationValues"/> formats the real ones, and codes, addresses and numbers stay as written.
/// </summary>
public sealed class NotificationSample
{
    private readonly Func<string, string> _format;

    private NotificationSample(Func<string, string> format) => _format = format;

    /// <summary>The value as the preview in <paramref name="language"/> shows it.</summary>
    public string In(string? language) => _format(NotificationTemplates.NormalizeLanguage(language));

    /// <summary>The same in every language: an invoice number, an address, an IP.</summary>
    public static NotificationSample Literal(string value) => new(_ => value);

    /// <summary>A sentence of <c>NotificationValuesText</c>; <paramref name="args"/> are formatted in the same language.</summary>
    public static NotificationSample Text(string key, params NotificationSample[] args) =>
        new(language => NotificationValues.Text(key, language, [.. args.Select(a => (object)a.In(language))]));

    /// <summary>An amount in US dollars.</summary>
    public static NotificationSample Amount(long minor) => new(language => NotificationValues.Amount(new Money(minor, Currency.USD), language));

    public static NotificationSample Date(int year, int month, int day) =>
        new(language => NotificationValues.Date(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc), language));

    public static NotificationSample DateAndTime(int year, int month, int day, int hour) =>
        new(language => NotificationValues.DateAndTime(new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Utc), language));

    public static implicit operator NotificationSample(string value) => Literal(value);
}
