package dev.tokentray.tray.notify;

import java.util.Objects;

/**
 * One desktop notification.
 *
 * @param key what the notice is about (e.g. {@code expiring:dev}); a later notice with the same key
 *     replaces this one instead of stacking beside it
 * @param title the summary line
 * @param body the text under it (plain text)
 * @param actionLabel the label of the action button where the desktop shows one; null for the title
 * @param onClick what clicking the notice does (run off the desktop's thread); null for nothing
 * @param urgency how insistent the desktop should be: a critical notice stays until dismissed on
 *     most desktops
 */
public record Notice(String key, String title, String body, String actionLabel, Runnable onClick,
        Urgency urgency) {
    public Notice {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        body = body == null ? "" : body;
        urgency = urgency == null ? Urgency.NORMAL : urgency;
    }

    public Notice(String key, String title, String body, String actionLabel, Runnable onClick) {
        this(key, title, body, actionLabel, onClick, Urgency.NORMAL);
    }

    /** The freedesktop urgency levels (0, 1, 2), which other desktops map to message types. */
    public enum Urgency {
        LOW, NORMAL, CRITICAL
    }
}
