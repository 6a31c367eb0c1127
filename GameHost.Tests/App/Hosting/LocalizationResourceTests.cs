using System.Xml.Linq;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Hosting;

/// <summary>Every English string has a Spanish translation, and no translation is left empty.</summary>
public class LocalizationResourceTests
{
    public static TheoryData<string> ResourceFiles()
    {
        var data = new TheoryData<string>();
        var app = Path.Combine(RepositoryRoot.Find(), "GameHost.App");
        foreach (var file in Directory.EnumerateFiles(app, "*.resx", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !Path.GetFileName(f).Contains(".es.", StringComparison.Ordinal)))
        {
            data.Add(Path.GetRelativePath(app, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ResourceFiles))]
    public void SpanishResources_CoverEveryEnglishKey(string relativePath)
    {
        var app = Path.Combine(RepositoryRoot.Find(), "GameHost.App");
        var english = Read(Path.Combine(app, relativePath));
        var spanishPath = Path.Combine(app, relativePath[..^".resx".Length] + ".es.resx");
        Assert.True(File.Exists(spanishPath), $"{relativePath} has no Spanish counterpart.");
        var spanish = Read(spanishPath);

        Assert.Empty(english.Keys.Except(spanish.Keys));
        Assert.Empty(spanish.Keys.Except(english.Keys));
        Assert.All(spanish, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), $"Empty Spanish text for {kv.Key}."));
        Assert.All(english, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), $"Empty English text for {kv.Key}."));
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
}
