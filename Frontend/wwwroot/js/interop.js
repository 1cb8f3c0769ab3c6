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
    // The board's keyboard: q quick add, / search, j/k move, x complete, e edit, # delete (asks first), ? the list.
    // Keys typed into a field are the field's; the shortcut list is a <dialog> the page renders (Esc closes it).
    shortcuts: () => {
        if (window.todoGrainsShortcuts) {
            return;
        }
        window.todoGrainsShortcuts = true;
        const rows = () => [...document.querySelectorAll('li[data-testid=task]')];
        const current = () => document.activeElement?.closest?.('li[data-testid=task]');
        const press = (row, selector) => row?.querySelector(selector)?.click();
        document.addEventListener('keydown', (e) => {
            const t = e.target;
            if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented ||
                t.closest?.('input, textarea, select, [contenteditable=true], dialog[open]')) {
                return;
            }
            const row = current();
            const move = (step) => {
                const all = rows();
                if (all.length === 0) { return; }
                const at = all.indexOf(row);
                const next = all[at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step))];
                next.focus();
                next.scrollIntoView({ block: 'nearest' });
            };
            const actions = {
                'q': () => document.getElementById('quick-add')?.focus(),
                '/': () => document.querySelector('[data-testid=filter-search]')?.focus(),
                'j': () => move(1),
                'k': () => move(-1),
                'x': () => press(row, 'input[type=checkbox]'),
                'e': () => press(row, '[data-action=edit]'),
                '#': () => press(row, '[data-testid=delete]'),
                '?': () => document.getElementById('shortcuts')?.showModal(),
            };
            const action = actions[e.key];
            if (action) {
                e.preventDefault();
                action();
            }
        });
    },
    // A reminder's "Show": the task's row in view and focused (when the current view has it).
    showTask: (id) => {
        const row = document.querySelector(`li[data-task-id="${id}"]`);
        if (row) { row.scrollIntoView({ block: 'center' }); row.focus(); }
    },
    // A popup panel that closes on Esc or a click outside it, as menus do.
    dismissable: (element, component) => {
        const onKey = (e) => { if (e.key === 'Escape') { close(); } };
        const onClick = (e) => { if (!element.contains(e.target)) { close(); } };
        const close = () => {
            document.removeEventListener('keydown', onKey, true);
            document.removeEventListener('mousedown', onClick, true);
            component.invokeMethodAsync('Close');
        };
        document.addEventListener('keydown', onKey, true);
        document.addEventListener('mousedown', onClick, true);
        return { dispose: () => { document.removeEventListener('keydown', onKey, true); document.removeEventListener('mousedown', onClick, true); } };
    },
    // Copy a token or a URL; false where the page may not use the clipboard (then the text stays selectable).
    copy: async (text) => { try { await navigator.clipboard.writeText(text); return true; } catch { return false; } },
    showModal: (id) => document.getElementById(id)?.showModal(),
    // The newest message in view, as a messenger does.
    scrollToEnd: (element) => { if (element) { element.scrollTop = element.scrollHeight; } }
};
