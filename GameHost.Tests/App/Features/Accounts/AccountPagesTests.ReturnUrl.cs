using System.Net;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Accounts;

/// <summary>A visitor sent to log in on the way to an order can register instead and still land on the order.</summary>
public partial class AccountPagesTests
{
    private const string OrderPath = "/cabinet/order?tariff=paper-4gb";

    [Fact]
    public async Task Register_FromLoginOnTheWayToAnOrder_ConfirmationAndLoginLeadBackToTheOrder()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        using var client = Client();
        var encoded = Uri.EscapeDataString(OrderPath);

        var login = await client.GetStringAsync(new Uri("/account/login?ReturnUrl=" + encoded, UriKind.Relative));
        Assert.Contains($"href=\"/account/register?returnUrl={encoded}\"", login, StringComparison.Ordinal);

        using var registered = await client.SubmitFormAsync("/account/register?returnUrl=" + encoded, RegisterFields("nina@example.test"));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal("/account/check-inbox?returnUrl=" + encoded, Location(registered));

        var link = await ConfirmationLinkAsync("nina@example.test");
        Assert.EndsWith("&returnUrl=" + encoded, link, StringComparison.Ordinal);
        var confirmed = await client.GetStringAsync(new Uri(new Uri(link).PathAndQuery, UriKind.Relative));
        Assert.Contains("data-testid=\"confirm-success\"", confirmed, StringComparison.Ordinal);
        Assert.Contains($"href=\"/account/login?returnUrl={encoded}\"", confirmed, StringComparison.Ordinal);

        using var loggedIn = await client.SubmitFormAsync("/account/login?returnUrl=" + encoded, Login("nina@example.test", "Nina-Passw0rd"));
        Assert.Equal(HttpStatusCode.Redirect, loggedIn.StatusCode);
        Assert.Equal(OrderPath, Location(loggedIn));
    }

    [Fact]
    public async Task Register_ForeignReturnUrl_IsDropped()
    {
        await TestAccounts.CreateOwnerAsync(_factory.Services);
        using var client = Client();

        var register = await client.GetStringAsync(new Uri("/account/register?returnUrl=" + Uri.EscapeDataString("//evil.example/x"), UriKind.Relative));

        // The page's own links stay local; only the language switch echoes the address (and redirects locally only).
        Assert.Contains("href=\"/account/login\"", register, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/account/login?returnUrl", register, StringComparison.Ordinal);
    }
}
