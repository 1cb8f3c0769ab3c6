// The few browser APIs Blazor has no wrapper for.
window.todoGrains = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    // The sign-in is shared by the browser's tabs: local storage, and its change event in every other tab.
    load: (key) => localStorage.getItem(key),
    save: (key, value) => value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value),
    watch: (key, session) => window.addEventListener("storage", (e) => {
        if (e.key === key || e.key === null) {
            session.invokeMethodAsync("OnSavedElsewhere", e.key === null ? null : e.newValue);
        }
    }),
    notificationPermission: () => ("Notification" in window) ? Notification.permission : "unsupported",
    requestNotifications: async () => ("Notification" in window) ? await Notification.requestPermission() : "unsupported",
    notify: (title, body) => {
        if ("Notification" in window && Notification.permission === "granted") {
            new Notification(title, { body: body });
        }
    },
    focus: (id) => document.getElementById(id)?.focus(),
    // The newest message in view, as a messenger does.
    scrollToEnd: (element) => { if (element) { element.scrollTop = element.scrollHeight; } }
};
