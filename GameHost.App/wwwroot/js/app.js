// Small helpers the Blazor components call through JS interop.
window.gameHost = {
    setThemeCookie: function (mode) {
        document.cookie = "gh-theme=" + encodeURIComponent(mode) + "; path=/; max-age=31536000; samesite=lax";
    },
    copyText: function (text) {
        return navigator.clipboard.writeText(text);
    },
    // Rewrites the address of the current history entry without a navigation: Blazor's router does not re-render and
    // nothing takes the focus away from a field the visitor is typing in. Blazor's own entry state is kept.
    replaceAddress: function (url) {
        history.replaceState(history.state, "", url);
    },
    // Keeps a chat's newest line in view after it re-renders.
    scrollToEnd: function (element) {
        if (element) {
            element.scrollTop = element.scrollHeight;
        }
    }
};
