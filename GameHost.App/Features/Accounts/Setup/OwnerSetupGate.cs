using GameHost.Domain.Accounts.Setup;

namespace GameHost.App.Features.Accounts.Setup;

/// <summary>
/// Remembers, once it is true, that an admin exists: from then on the set-up gate costs nothing per request.
/// Until then each gated request asks the database, so an admin created by any path (set-up page, demo seed,
/// another process) is noticed at once.
/// </summary>
public sealed class OwnerSetupState
{
    private volatile bool _adminExists;

    public async ValueTask<bool> AdminExistsAsync(IServiceProvider requestServices, CancellationToken cancellationToken)
    {
        if (_adminExists)
        {
            return true;
        }

        var exists = await requestServices.GetRequiredService<OwnerSetupQuery>().AdminExistsAsync(cancellationToken);
        if (exists)
        {
            _adminExists = true;
        }

        return exists;
    }

    public void MarkAdminExists() => _adminExists = true;
}

/// <summary>
/// On a fresh installation, sends visitors of the home page and the account pages to <c>/setup</c> (nobody could
/// log in or be served yet); once an owner exists, <c>/setup</c> answers 404.
/// </summary>
public sealed class OwnerSetupGateMiddleware(RequestDelegate next, OwnerSetupState state)
{
    public const string SetupPath = "/setup";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        var isSetup = path.Equals(SetupPath, StringComparison.OrdinalIgnoreCase);
        if (isSetup || IsGated(path))
        {
            var adminExists = await state.AdminExistsAsync(context.RequestServices, context.RequestAborted);
            if (!adminExists && !isSetup)
            {
                context.Response.Redirect(SetupPath);
                return;
            }

            if (adminExists && isSetup)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
        }

        await next(context);
    }

    private static bool IsGated(PathString path) =>
        path == "/" || path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase);
}
