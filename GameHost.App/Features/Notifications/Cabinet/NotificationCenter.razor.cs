using GameHost.App.Features.Customers;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Inbox;
using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Telegram;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace GameHost.App.Features.Notifications.Cabinet;

public sealed partial class NotificationCenter : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private IDisposable? _subscription;
    private Guid? _userId;
    private int _tab;
    private bool _busy;
    private int _unread;
    private IReadOnlyList<InboxItem>? _items;
    private readonly HashSet<Guid> _newThisVisit = [];
    private bool _marking;
    private IReadOnlyList<SentEmailItem>? _emails;
    private PreferencesView? _preferences;
    private TelegramLinkCode? _linkCode;
    private string? _phone;
    private string? _phoneError;

    [Inject]
    private NotificationInbox Inbox { get; set; } = default!;

    [Inject]
    private NotificationPreferences Preferences { get; set; } = default!;

    [Inject]
    private TelegramLinking Telegram { get; set; } = default!;

    [Inject]
    private NotificationSignals Signals { get; set; } = default!;

    [Inject]
    private IStringLocalizer<NotificationsText> L { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _userId = SignedInUser.Id(AuthenticationState is null ? null : (await AuthenticationState).User);
        if (_userId is { } user)
        {
            _subscription = Signals.Subscribe(user, () => _ = InvokeAsync(RefreshInboxAsync));
        }

        await LoadAsync();
    }

    /// <summary>
    /// Viewing the inbox reads it: once an interactive render has shown unread items (never the prerender, which no
    /// one may be looking at yet), they are marked read, so the bell drops here and in every other open tab. They stay
    /// highlighted as new until the page is left, so the reader still sees what was new.
    /// </summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_tab != 0 || _items is null || _marking || _userId is not { } user || _cancellation.IsCancellationRequested)
        {
            return;
        }

        var shown = new List<Guid>();
        foreach (var item in _items)
        {
            if (!item.IsRead && _newThisVisit.Add(item.Id))
            {
                shown.Add(item.Id);
            }
        }

        if (shown.Count == 0)
        {
            return;
        }

        _marking = true;
        try
        {
            // The inbox signals this user's subscribers, this page included, which re-reads the list and the count.
            await Inbox.MarkShownReadAsync(user, shown, _cancellation.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _marking = false;
        }
    }

    private async Task LoadAsync()
    {
        if (_userId is not { } user)
        {
            _items = [];
            _emails = [];
            return;
        }

        await RefreshInboxAsync();
        _emails = await Inbox.EmailsAsync(user, 100, _cancellation.Token);
        _preferences = await Preferences.GetAsync(user, _cancellation.Token);
        _phone = _preferences.Contact.PhoneNumber;
        if (_preferences.Contact.TelegramChatId is not null)
        {
            _linkCode = null;
        }
    }

    private async Task RefreshInboxAsync()
    {
        if (_userId is not { } user || _cancellation.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _items = await Inbox.ListAsync(user, NotificationInbox.PageSize, _cancellation.Token);
            _unread = await Inbox.UnreadCountAsync(user, _cancellation.Token);
            StateHasChanged();
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task MarkReadAsync(Guid id) => await RunAsync(async user =>
    {
        await Inbox.MarkReadAsync(user, id, _cancellation.Token);
        await RefreshInboxAsync();
    });

    private async Task MarkAllReadAsync() => await RunAsync(async user =>
    {
        await Inbox.MarkAllReadAsync(user, _cancellation.Token);
        await RefreshInboxAsync();
    });

    private async Task SetPreferenceAsync(string eventCode, NotificationChannel channel, bool enabled) => await RunAsync(async user =>
    {
        var result = await Preferences.SetAsync(user, eventCode, channel, enabled, _cancellation.Token);
        if (!result.IsSuccess)
        {
            Snackbar.Add(NotificationsDisplay.ErrorText(L, result.Error), Severity.Error);
        }

        _preferences = await Preferences.GetAsync(user, _cancellation.Token);
    });

    private async Task SavePhoneAsync() => await RunAsync(async user =>
    {
        var result = await Preferences.SetPhoneAsync(user, _phone, _cancellation.Token);
        _phoneError = result.IsSuccess ? null : NotificationsDisplay.ErrorText(L, result.Error);
        if (result.IsSuccess)
        {
            Snackbar.Add(L["PhoneSaved"], Severity.Success);
            _preferences = await Preferences.GetAsync(user, _cancellation.Token);
            _phone = _preferences.Contact.PhoneNumber;
        }
    });

    private async Task CreateLinkCodeAsync() => await RunAsync(async user =>
    {
        var result = await Telegram.CreateCodeAsync(user, _cancellation.Token);
        if (result.IsSuccess)
        {
            _linkCode = result.Value;
        }
        else
        {
            Snackbar.Add(NotificationsDisplay.ErrorText(L, result.Error), Severity.Error);
        }
    });

    private async Task UnlinkTelegramAsync() => await RunAsync(async user =>
    {
        await Telegram.UnlinkAsync(user, _cancellation.Token);
        _preferences = await Preferences.GetAsync(user, _cancellation.Token);
    });

    private async Task RunAsync(Func<Guid, Task> action)
    {
        if (_userId is not { } user || _busy)
        {
            return;
        }

        _busy = true;
        try
        {
            await action(user);
        }
        finally
        {
            _busy = false;
        }
    }

    private static Color EmailColor(OutboundEmailStatus status) => status switch
    {
        OutboundEmailStatus.Sent => Color.Success,
        OutboundEmailStatus.Failed => Color.Error,
        _ => Color.Default,
    };

    public void Dispose()
    {
        _subscription?.Dispose();
        _cancellation.Cancel();
        _cancellation.Dispose();
    }
}
