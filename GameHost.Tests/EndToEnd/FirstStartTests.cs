using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.EndToEnd;

/// <summary>What a newcomer sees on the console: demo passwords printed on the first start only.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task DemoSeed_PrintsGeneratedPasswordsOnce_AndNotOnRestart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gamehost-e2e", Guid.NewGuid().ToString("N"));
        try
        {
            string firstOutput;
            await using (var first = await RunningApp.StartAsync("Testing", dataDirectory, "--Demo:Seed", "true"))
            {
                firstOutput = first.Output;
            }

            var passwords = Regex.Matches(firstOutput, @"(owner|support|customer)@demo\.gamehost\.test\s+password: (\S+)");
            Assert.Equal(3, passwords.Count);
            Assert.Equal(3, passwords.Select(m => m.Groups[2].Value).Distinct().Count());
            Assert.True(File.Exists(Path.Combine(dataDirectory, "gamehost.db")));

            await using var second = await RunningApp.StartAsync("Testing", dataDirectory, "--Demo:Seed", "true");
            Assert.DoesNotContain("password:", second.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
