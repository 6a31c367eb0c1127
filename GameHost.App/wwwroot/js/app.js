// Small helpers the Blazor components call through JS interop.
window.gameHost = {
    setThemeCookie: function (mode) {
        document.cookie = "gh-theme=" + encodeURIComponent(mode) + "; path=/; max-age=31536000; samesite=lax";
    },
    copyText: function (text) {
        return navigator.clipboard.writeText(text);
    }
};
