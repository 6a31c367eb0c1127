using System.Globalization;
using System.Resources;
using GameHost.App.Features.Notifications;
using GameHost.Domain.Notifications.Catalogue;

namespace GameHost.Tests.App.Features.Notifications.Pages;

/// <summary>Every catalogue event has a name people read (template list, preferences, inbox) in English and Spanish.</summary>
public sealed class EventNamesTests
{
    public static TheoryData<string> Events() => [.. NotificationCatalogue.All.Select(e => e.Code)];

    [Theory]
    [MemberData(nameof(Events))]
    public void EventName_EveryCatalogueEvent_ExistsInEnglishAndSpanish(string code)
    {
        var texts = new ResourceManager(typeof(NotificationsText));
        var key = NotificationsDisplay.EventKey(code);

        var english = texts.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)?.GetString(key);
        var spanish = texts.GetResourceSet(CultureInfo.GetCultureInfo("es"), createIfNotExists: true, tryParents: false)?.GetString(key);

        Assert.False(string.IsNullOrWhiteSpace(english), $"No English name for {code}.");
        Assert.False(string.IsNullOrWhiteSpace(spanish), $"No Spanish name for {code}.");
        Assert.NotEqual(english, spanish);
    }
}
