using GameHost.Domain.Catalog;
using GameHost.Domain.Provisioning;

namespace GameHost.Tests.Domain.Provisioning;

/// <summary>The egg's Laravel rule strings, read the way the panel reads them.</summary>
public class EggVariableRulesTests
{
    [Fact]
    public void Parse_RegexContainingPipes_KeepsThePatternWhole()
    {
        var rules = EggVariableRules.Parse("required|regex:/^(a|b)+$/i|max:5");

        Assert.Equal([("required", ""), ("regex", "/^(a|b)+$/i"), ("max", "5")], rules);
    }

    [Theory]
    [InlineData("required|regex:/^(a|b)+$/i", "ABBA", true)]
    [InlineData("required|regex:/^(a|b)+$/", "ABBA", false)]
    [InlineData("nullable|string|max:20", "", true)]
    [InlineData("required|string|max:20", "", false)]
    [InlineData("string|max:3", "abcd", false)]
    [InlineData("integer|max:3", "3", true)]
    [InlineData("numeric|min:0.5", "0.25", false)]
    [InlineData("boolean", "1", true)]
    [InlineData("in:survival,creative", "Creative", false)]
    [InlineData("required|alpha_dash", "anything at all", true)]
    public void Check_Value_PassesOnlyWhenEveryKnownRuleHolds(string rules, string value, bool passes)
    {
        Assert.Equal(passes, EggVariableRules.Check("VAR", rules, value) is null);
    }

    [Fact]
    public void Resolve_NothingGiven_UsesEveryDefault()
    {
        EggVariable[] variables =
        [
            new() { EnvName = "A", DefaultValue = "1", Rules = "required|integer", CustomerSettable = true, Position = 0 },
            new() { EnvName = "B", DefaultValue = "x", Rules = "required|string", CustomerSettable = false, Position = 1 },
        ];

        var environment = EggVariableRules.Resolve(variables, null);

        Assert.Equal(["A=1", "B=x"], environment.Value!.Select(e => $"{e.Key}={e.Value}"));
    }
}
