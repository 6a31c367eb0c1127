using GameHost.App.Features.Accounts;
using GameHost.Domain.Persistence;
using Microsoft.AspNetCore.Components;
using NetArchTest.Rules;

namespace GameHost.Tests.Architecture;

/// <summary>The dependency rules of the design, enforced: a forbidden edge fails the build's tests.</summary>
public class DependencyRuleTests
{
    private static readonly System.Reflection.Assembly DomainAssembly = typeof(GameHostDbContext).Assembly;
    private static readonly System.Reflection.Assembly AppAssembly = typeof(Policies).Assembly;

    [Fact]
    public void Domain_DoesNotDependOnUiJobsMailOrHttpSdks()
    {
        var result = Types.InAssembly(DomainAssembly)
            .ShouldNot()
            .HaveDependencyOnAny(
                "MudBlazor", "Quartz", "MailKit", "MimeKit", "Stripe", "FluentValidation",
                "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Mvc", "GameHost.App")
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    /// <summary>
    /// Features form a one-way graph: Common ← Accounts ← Catalog ← Provisioning ← Billing ← Payments;
    /// Notifications depends only on Accounts/Common (anyone may enqueue into it); Support → Accounts, Notifications.
    /// </summary>
    [Theory]
    [InlineData("Common", new[] { "Accounts", "Catalog", "Provisioning", "Billing", "Payments", "Support", "Notifications", "Audit", "Operations", "Persistence", "Demo" })]
    [InlineData("Accounts", new[] { "Catalog", "Provisioning", "Billing", "Payments", "Support" })]
    [InlineData("Catalog", new[] { "Provisioning", "Billing", "Payments", "Support" })]
    [InlineData("Provisioning", new[] { "Billing", "Payments", "Support" })]
    [InlineData("Billing", new[] { "Payments", "Support" })]
    [InlineData("Notifications", new[] { "Catalog", "Provisioning", "Billing", "Payments", "Support" })]
    [InlineData("Support", new[] { "Catalog", "Provisioning", "Billing", "Payments" })]
    public void DomainFeature_DoesNotDependOnLaterFeatures(string feature, string[] forbidden)
    {
        var result = Types.InAssembly(DomainAssembly)
            .That().ResideInNamespace($"GameHost.Domain.{feature}")
            .ShouldNot()
            .HaveDependencyOnAny(forbidden.Select(f => $"GameHost.Domain.{f}").ToArray())
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Components_NeverTouchTheDbContext()
    {
        var result = Types.InAssembly(AppAssembly)
            .That().Inherit(typeof(ComponentBase))
            .ShouldNot()
            .HaveDependencyOn(typeof(GameHostDbContext).FullName!)
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    private static string Describe(TestResult result) =>
        "Forbidden dependency in: " + string.Join(", ", result.FailingTypeNames ?? []);
}
