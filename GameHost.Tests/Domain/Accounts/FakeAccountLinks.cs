using GameHost.Domain.Accounts.Registration;

namespace GameHost.Tests.Domain.Accounts;

internal sealed class FakeAccountLinks : IAccountLinks
{
    public string SiteName => "Blocky Hosting";

    public string ConfirmEmail(Guid userId, string token) => $"https://example.test/confirm?user={userId}&token={Uri.EscapeDataString(token)}";

    public string ResetPassword(string email, string token) => $"https://example.test/reset?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";
}
