using GameHost.Domain.Notifications.Email;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace GameHost.App.Features.Notifications.Outbox;

/// <summary>
/// The outbox for staff: how many e-mails wait, how many gave up, and a Resend for each failed one. The full
/// notifications console will grow out of this.
/// </summary>
public sealed partial class EmailOutboxPanel : IDisposable
{
    private const int FailedShown = 50;

    private readonly CancellationTokenSource _cancellation = new();
    private readonly HashSet<Guid> _resending = [];
    private EmailOutboxSummary? _summary;

    [Inject]
    private EmailOutboxQuery Query { get; set; } = default!;

    [Inject]
    private ResendEmail Resend { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
    }

    /// <summary>Reloads the counts and the list (the page calls this on its refresh tick).</summary>
    public async Task RefreshAsync() => _summary = await Query.GetSummaryAsync(FailedShown, _cancellation.Token);

    protected override Task OnInitializedAsync() => RefreshAsync();

    private async Task ResendAsync(FailedEmailView email)
    {
        _resending.Add(email.Id);
        try
        {
            var result = await Resend.ExecuteAsync(email.Id, _cancellation.Token);
            if (result.IsSuccess)
            {
                Snackbar.Add(L["ResendQueued", email.ToAddress], Severity.Success);
            }
            else
            {
                Snackbar.Add(L[$"Error_{result.Error.Code}"], Severity.Warning);
            }

            await RefreshAsync();
        }
        finally
        {
            _resending.Remove(email.Id);
        }
    }
}
