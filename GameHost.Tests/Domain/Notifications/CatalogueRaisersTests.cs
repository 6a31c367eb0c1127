using System.Text.RegularExpressions;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.Domain.Notifications;

/// <summary>
/// Every event in the catalogue has a raiser in the product: a source file that names the event and hands it to the
/// notifier (<c>NotifyAsync</c>, <c>NotifyStaffAsync</c>, <c>NotifyManyAsync</c>, a <c>NotifyRequest</c>) or is a
/// <c>NotifyOnSave</c> trigger. An event nothing raises fails here unless it is listed below with the reason, and a
/// listed event that gains a raiser fails too, so the list cannot go stale.
/// </summary>
public sealed partial class CatalogueRaisersTests
{
    /// <summary>Events with no raiser yet, and why.</summary>
    private static readonly Dictionary<string, string> NotRaisedYet = new(StringComparer.Ordinal);

    /// <summary>Events sent on purpose without the notifier: the file that sends them.</summary>
    private static readonly Dictionary<string, string> SentDirectly = new(StringComparer.Ordinal)
    {
        // "Send test" on the channel settings talks to the adapter at once, so staff see the provider's answer.
        [NotificationCatalogue.Codes.TestMessage] = "GameHost.Domain/Notifications/Staff/ChannelSettingsAdmin.cs",
    };

    public static TheoryData<string> Events() => [.. NotificationCatalogue.All.Select(e => e.Code)];

    [Theory]
    [MemberData(nameof(Events))]
    public void Catalogue_EveryEvent_HasARaiserInTheProductOrASaidReason(string code)
    {
        var raisers = Raisers(code);

        if (NotRaisedYet.TryGetValue(code, out var reason))
        {
            if (raisers.Count > 0)
            {
                Assert.Fail($"{code} is listed as not raised ({reason}) but {string.Join(", ", raisers)} raise it: take it off the list.");
            }

            return;
        }

        if (SentDirectly.TryGetValue(code, out var file))
        {
            Assert.Contains(ConstantName(code), File.ReadAllText(Path.Combine(RepositoryRoot.Find(), file)), StringComparison.Ordinal);
            return;
        }

        if (raisers.Count == 0)
        {
            Assert.Fail($"Nothing in the product raises {code}.");
        }
    }

    [Fact]
    public void Raisers_InvoiceIssuedServerReadyPaymentFailed_FoundInTheirFeaturesTriggers()
    {
        Assert.Contains("GameHost.Domain/Billing/Notices/InvoiceIssuedNotices.cs", Raisers(NotificationCatalogue.Codes.InvoiceIssued));
        Assert.Contains("GameHost.Domain/Provisioning/Notices/ServerReadyNotices.cs", Raisers(NotificationCatalogue.Codes.ServerReady));
        Assert.Contains("GameHost.Domain/Payments/Notices/PaymentFailedNotices.cs", Raisers(NotificationCatalogue.Codes.PaymentFailed));
    }

    private static string ConstantName(string code) =>
        typeof(NotificationCatalogue.Codes).GetFields().Single(f => (string?)f.GetRawConstantValue() == code).Name;

    private static List<string> Raisers(string code)
    {
        var root = RepositoryRoot.Find();
        var reference = new Regex($@"Codes\.{ConstantName(code)}\b");
        return SourceFiles(root)
            .Where(path => !path.Replace('\\', '/').Contains("/Notifications/Catalogue/", StringComparison.Ordinal))
            .Select(path => (Path: Path.GetRelativePath(root, path).Replace('\\', '/'), Text: File.ReadAllText(path)))
            .Where(f => reference.IsMatch(f.Text) && NotifierCall().IsMatch(f.Text))
            .Select(f => f.Path)
            .ToList();
    }

    private static IEnumerable<string> SourceFiles(string root) =>
        new[] { "GameHost.Domain", "GameHost.App" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"\bNotify(Async|StaffAsync|ManyAsync)\(|\bnew NotifyRequest\(|: NotifyOnSave<|\bNotifyRequest Request\(")]
    private static partial Regex NotifierCall();
}
