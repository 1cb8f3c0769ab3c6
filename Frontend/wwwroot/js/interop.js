// The few browser APIs Blazor has no wrapper for.
window.todoGrains = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    load: (key) => sessionStorage.getItem(key),
    save: (key, value) => value === null ? sessionStorage.removeItem(key) : sessionStorage.setItem(key, value),
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
