using System.Security.Claims;

namespace GameHost.App.Features.Customers;

public static class SignedInUser
{
    /// <summary>The signed-in user's id, as Identity writes it into the cookie (the name-identifier claim).</summary>
    public static Guid? Id(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
