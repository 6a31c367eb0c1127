namespace GameHost.App.Hosting;

/// <summary>Light/dark choice, kept in a cookie so it holds on every page, signed in or not.</summary>
public static class ThemePreference
{
    public const string CookieName = "gh-theme";

    public static bool IsDark(HttpRequest request) =>
        string.Equals(request.Cookies[CookieName], "dark", StringComparison.Ordinal);

    public static void Write(HttpResponse response, bool dark) =>
        response.Cookies.Append(CookieName, dark ? "dark" : "light", new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
            HttpOnly = false,
            SameSite = SameSiteMode.Lax,
            Path = "/",
        });
}

/// <summary>The theme of the current page or circuit; layouts bind MudThemeProvider to it.</summary>
public sealed class ThemeState
{
    public bool IsDark { get; private set; }

    public event Action? Changed;

    public void Initialize(bool isDark) => IsDark = isDark;

    public void Set(bool isDark)
    {
        if (IsDark == isDark)
        {
            return;
        }

        IsDark = isDark;
        Changed?.Invoke();
    }
}
