package dev.tokentray.tray;

import dev.tokentray.core.Countdown;
import dev.tokentray.core.ProfileStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the tray shows for a list of profiles: the icon's state, the tooltip, and the menu. */
public final class TrayMenu {
    static final Duration EXPIRING = Duration.ofMinutes(10);

    /** What the menu's entries do; the app supplies them. */
    public interface Commands {
        void unlock(String profile);

        void refresh(String profile);

        void clear(String profile);

        /** Opens the AWS console as the profile in the browser. */
        void openConsole(String profile);

        void openWindow();

        void lockVault();

        void quit();
    }

    public record View(TrayIcons.State state, String tooltip, List<TrayBackend.TrayItem> items) {
    }

    private TrayMenu() {
    }

    public static View build(List<ProfileStatus> rows, Instant now, boolean vaultOpen, Commands commands) {
        return build(rows, now, vaultOpen, List.of(), commands);
    }

    /**
     * @param yubikeyUnlockable locked profiles that read their code from a YubiKey that is plugged
     *                          in now: each gets an "Unlock … with YubiKey" entry at the top
     */
    public static View build(List<ProfileStatus> rows, Instant now, boolean vaultOpen, List<String> yubikeyUnlockable,
                             Commands commands) {
        List<TrayBackend.TrayItem> items = new ArrayList<>();
        for (String p : yubikeyUnlockable) {
            items.add(new TrayBackend.TrayItem("Unlock " + p + " with YubiKey", () -> commands.unlock(p)));
        }
        if (!yubikeyUnlockable.isEmpty()) {
            items.add(TrayBackend.TrayItem.separator());
        }
        List<String> summary = new ArrayList<>();
        TrayIcons.State state = TrayIcons.State.LOCKED;
        for (ProfileStatus row : rows) {
            String left = left(row, now);
            if (row.error() != null) {
                state = TrayIcons.State.ERROR;
            } else if (row.sessionExpires() != null && row.sessionExpires().isAfter(now) && state != TrayIcons.State.ERROR) {
                boolean soon = Duration.between(now, row.sessionExpires()).compareTo(EXPIRING) <= 0;
                state = soon ? TrayIcons.State.EXPIRING : state == TrayIcons.State.EXPIRING ? state : TrayIcons.State.LIVE;
                summary.add(row.profile() + " " + left);
            }
            String p = row.profile();
            items.add(TrayBackend.TrayItem.submenu(p + "  —  " + left, row.error() != null
                    ? List.of(new TrayBackend.TrayItem(row.error(), null))
                    : List.of(new TrayBackend.TrayItem("Unlock", () -> commands.unlock(p)),
                              new TrayBackend.TrayItem("Refresh", () -> commands.refresh(p)),
                              new TrayBackend.TrayItem("Clear", () -> commands.clear(p)),
                              new TrayBackend.TrayItem("Open AWS console", () -> commands.openConsole(p)))));
        }
        if (rows.isEmpty()) {
            items.add(new TrayBackend.TrayItem("No profiles yet: open the window to add keys", null));
        }
        items.add(TrayBackend.TrayItem.separator());
        items.add(new TrayBackend.TrayItem("Open window", commands::openWindow));
        if (vaultOpen) {
            items.add(new TrayBackend.TrayItem("Lock vault", commands::lockVault));
        }
        items.add(new TrayBackend.TrayItem("Quit tokentray", commands::quit));
        // The tooltip repeats the live countdowns: hovering answers "how long have I got?".
        String tooltip = summary.isEmpty() ? "tokentray: all locked"
                : "tokentray: " + String.join(", ", summary.subList(0, Math.min(3, summary.size())))
                + (summary.size() > 3 ? ", …" : "");
        return new View(state, tooltip, items);
    }

    /** {@code 42m}, {@code 3h 05m}, {@code locked}, {@code error}. */
    static String left(ProfileStatus row, Instant now) {
        if (row.error() != null) {
            return "error";
        }
        if (row.sessionExpires() == null || !row.sessionExpires().isAfter(now)) {
            return "locked";
        }
        return Countdown.format(Duration.between(now, row.sessionExpires()));
    }
}
