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
    private List<InboxItem>? _items;
    private bool _inboxHasOlder;
    private int _inboxPages = 1;
    private readonly HashSet<Guid> _newThisVisit = [];
    private bool _marking;
    private List<SentEmailItem>? _emails;
    private bool _emailsHasOlder;
    private int _emailPages = 1;
    private bool _loadingOlder;
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
        (_emails, _emailsHasOlder) = await ReadPagesAsync(_emailPages, before => Inbox.EmailsAsync(user, NotificationInbox.PageSize, before, _cancellation.Token),
            e => new InboxCursor(e.CreatedAtUtc, e.Id));
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
            // As many pages as the reader has opened, so "Show older" is not undone by a notification arriving.
            (_items, _inboxHasOlder) = await ReadPagesAsync(_inboxPages, before => Inbox.ListAsync(user, NotificationInbox.PageSize, before, _cancellation.Token),
                i => new InboxCursor(i.CreatedAtUtc, i.Id));
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

    /// <summary>The first <paramref name="pages"/> pages, each read after the last row of the one before (keyset).</summary>
    private static async Task<(List<T> Rows, bool HasOlder)> ReadPagesAsync<T>(
        int pages, Func<InboxCursor?, Task<InboxPage<T>>> read, Func<T, InboxCursor> cursor)
    {
        var rows = new List<T>();
        InboxCursor? before = null;
        for (var page = 0; page < pages; page++)
        {
            var next = await read(before);
            rows.AddRange(next.Items);
            if (!next.HasOlder || next.Items.Count == 0)
            {
                return (rows, false);
            }

            before = cursor(next.Items[^1]);
        }

        return (rows, true);
    }

    private async Task ShowOlderInboxAsync() => await LoadOlderAsync(async user =>
    {
        if (_items is not { Count: > 0 } items)
        {
            return;
        }

        var page = await Inbox.ListAsync(user, NotificationInbox.PageSize, new InboxCursor(items[^1].CreatedAtUtc, items[^1].Id), _cancellation.Token);
        // A live refresh may have read part of this page meanwhile: each entry is shown once.
        var shown = items.Select(i => i.Id).ToHashSet();
        _items = [.. items, .. page.Items.Where(i => !shown.Contains(i.Id))];
        _inboxHasOlder = page.HasOlder;
        _inboxPages++;
    });

    private async Task ShowOlderEmailsAsync() => await LoadOlderAsync(async user =>
    {
        if (_emails is not { Count: > 0 } emails)
        {
            return;
        }

        var page = await Inbox.EmailsAsync(user, NotificationInbox.PageSize, new InboxCursor(emails[^1].CreatedAtUtc, emails[^1].Id), _cancellation.Token);
        var shown = emails.Select(e => e.Id).ToHashSet();
        _emails = [.. emails, .. page.Items.Where(e => !shown.Contains(e.Id))];
        _emailsHasOlder = page.HasOlder;
        _emailPages++;
    });

    private async Task LoadOlderAsync(Func<Guid, Task> load)
    {
        if (_userId is not { } user || _loadingOlder)
        {
            return;
        }

        _loadingOlder = true;
        try
        {
            await load(user);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _loadingOlder = false;
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
