using System.Reflection;
using GameHost.App.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace GameHost.Tests.App.Guards;

/// <summary>
/// Every routable page under an audience prefix carries its guard, so a new page cannot forget it
/// (the guard comes from the audience folder's _Imports.razor).
/// </summary>
public class RouteAuthorizationTests
{
    private static readonly IReadOnlyList<(Type Page, string Template)> Pages = typeof(Policies).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (t, r.Template)))
        .ToList();

    [Fact]
    public void StaffConsolePages_RequireStaffOrAdminPolicy()
    {
        var adminPages = Pages.Where(p => IsUnder(p.Template, "/admin")).ToList();
        Assert.NotEmpty(adminPages);
        Assert.All(adminPages, p =>
        {
            var policies = p.Page.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Select(a => a.Policy).ToList();
            Assert.True(policies.Contains(Policies.Staff) || policies.Contains(Policies.Admin),
                $"{p.Page.Name} ({p.Template}) is not guarded by the Staff or Admin policy.");
        });
    }

    [Theory]
    [InlineData("/cabinet")]
    [InlineData("/account/manage")]
    public void SignedInAreas_RequireAuthorization(string prefix)
    {
        var pages = Pages.Where(p => IsUnder(p.Template, prefix)).ToList();
        Assert.All(pages, p => Assert.True(
            p.Page.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Any(),
            $"{p.Page.Name} ({p.Template}) is not guarded."));
    }

    private static bool IsUnder(string template, string prefix) =>
        template.Equals(prefix, StringComparison.OrdinalIgnoreCase) ||
        template.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase);
}
