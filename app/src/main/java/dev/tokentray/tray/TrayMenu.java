package dev.tokentray.tray;

import dev.tokentray.core.Countdown;
import dev.tokentray.core.ProfileStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What the tray shows for a list of profiles: the icon's state, the tooltip, and the menu. */
public final class TrayMenu {
    /** Tray tooltips are cut at 64 characters (Windows' limit, which AWT applies everywhere). */
    static final int TOOLTIP_MAX = 64;
    /**
     * Trailing room on a profile's line: AWT's own menus (XEmbed trays) draw the submenu arrow over
     * the end of the label, where the time left is.
     */
    static final String ARROW_ROOM = "      ";

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
        return build(rows, now, vaultOpen, List.of(), Map.of(), commands);
    }

    public static View build(List<ProfileStatus> rows, Instant now, boolean vaultOpen, List<String> yubikeyUnlockable,
                             Commands commands) {
        return build(rows, now, vaultOpen, yubikeyUnlockable, Map.of(), commands);
    }

    /**
     * @param yubikeyUnlockable locked profiles that read their code from a YubiKey that is plugged
     *                          in now: each gets an "Unlock … with YubiKey" entry at the top
     * @param renewalFailures   profile → the line saying why its last renewal failed (STS
     *                          unreachable, a refused key): the one thing besides a broken config
     *                          that turns the icon red
     */
    public static View build(List<ProfileStatus> rows, Instant now, boolean vaultOpen, List<String> yubikeyUnlockable,
                             Map<String, String> renewalFailures, Commands commands) {
        List<TrayBackend.TrayItem> items = new ArrayList<>();
        for (String p : yubikeyUnlockable) {
            items.add(new TrayBackend.TrayItem("Unlock " + p + " with YubiKey", () -> commands.unlock(p)));
        }
        if (!yubikeyUnlockable.isEmpty()) {
            items.add(TrayBackend.TrayItem.separator());
        }
        TrayIcons.State state = TrayIcons.State.LOCKED;
        List<ProfileStatus> live = new ArrayList<>();
        List<String> withoutKeys = new ArrayList<>();
        for (ProfileStatus row : rows) {
            String p = row.profile();
            ProfileStatus.State rowState = row.state(now);
            if (rowState == ProfileStatus.State.NEEDS_KEYS) {
                // Not a failure: they wait, together, for keys in the window.
                withoutKeys.add(p);
                continue;
            }
            String failure = renewalFailures.get(p);
            state = worse(state, failure != null ? TrayIcons.State.ERROR : iconState(rowState));
            if (row.live(now)) {
                live.add(row);
            }
            List<TrayBackend.TrayItem> children = new ArrayList<>();
            if (rowState == ProfileStatus.State.ERROR) {
                children.add(new TrayBackend.TrayItem(row.error(), null));
            } else {
                if (failure != null) {
                    children.add(new TrayBackend.TrayItem(failure, null));
                }
                String asks = row.live(now) || row.needs() == null ? "" : row.needs().given(vaultOpen).brief();
                children.add(new TrayBackend.TrayItem(asks.isEmpty() ? "Unlock" : "Unlock — " + asks, () -> commands.unlock(p)));
                children.add(new TrayBackend.TrayItem("Refresh", () -> commands.refresh(p)));
                children.add(new TrayBackend.TrayItem("Clear", () -> commands.clear(p)));
                children.add(new TrayBackend.TrayItem("Open AWS console", () -> commands.openConsole(p)));
            }
            items.add(TrayBackend.TrayItem.submenu(p + "  —  " + left(row, now) + ARROW_ROOM, children));
        }
        if (!withoutKeys.isEmpty()) {
            items.add(new TrayBackend.TrayItem(withoutKeys.size() == 1 ? withoutKeys.get(0) + " needs keys…"
                    : withoutKeys.size() + " profiles need keys…", commands::openWindow));
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
        boolean anyWithKeys = rows.size() > withoutKeys.size();
        return new View(state, anyWithKeys ? tooltip(live, renewalFailures, now) : "tokentray: no keys yet (open the window to add them)", items);
    }

    /**
     * "tokentray: 3 live · ci-bot 9m · admin 42m · …": hovering answers "how long have I got?",
     * soonest first, whole names only, within {@link #TOOLTIP_MAX}.
     */
    static String tooltip(List<ProfileStatus> live, Map<String, String> renewalFailures, Instant now) {
        StringBuilder text = new StringBuilder("tokentray: ");
        if (!renewalFailures.isEmpty()) {
            String one = renewalFailures.keySet().iterator().next() + " could not be renewed";
            text.append(renewalFailures.size() == 1 && one.length() <= TOOLTIP_MAX / 2 ? one
                    : renewalFailures.size() + (renewalFailures.size() == 1 ? " renewal" : " renewals") + " failed");
            if (live.isEmpty()) {
                return text.toString();
            }
            text.append(" · ");
        } else if (live.isEmpty()) {
            return text.append("all locked").toString();
        }
        List<ProfileStatus> soonestFirst = live.stream().sorted(Comparator.comparing(ProfileStatus::sessionExpires)).toList();
        text.append(live.size()).append(" live");
        String more = " · …";
        int shown = 0;
        for (ProfileStatus row : soonestFirst) {
            String part = " · " + row.profile() + " " + left(row, now);
            boolean last = shown == soonestFirst.size() - 1;
            if (text.length() + part.length() + (last ? 0 : more.length()) > TOOLTIP_MAX) {
                break;
            }
            text.append(part);
            shown++;
        }
        if (shown == 0) {
            String soonest = " · the soonest ends in " + left(soonestFirst.get(0), now);
            return text.length() + soonest.length() <= TOOLTIP_MAX ? text + soonest : text.toString();
        }
        return shown < soonestFirst.size() ? text + more : text.toString();
    }

    private static TrayIcons.State iconState(ProfileStatus.State state) {
        return switch (state) {
            case LIVE -> TrayIcons.State.LIVE;
            case EXPIRING -> TrayIcons.State.EXPIRING;
            case ERROR -> TrayIcons.State.ERROR;
            case LOCKED, NEEDS_KEYS -> TrayIcons.State.LOCKED;
        };
    }

    /** Error over expiring over live over locked: the icon tells the most urgent thing. */
    private static TrayIcons.State worse(TrayIcons.State a, TrayIcons.State b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(TrayIcons.State s) {
        return switch (s) {
            case LOCKED -> 0;
            case LIVE -> 1;
            case EXPIRING -> 2;
            case ERROR -> 3;
        };
    }

    /** {@code 42m}, {@code 3h 05m}, {@code locked}, {@code error}. */
    static String left(ProfileStatus row, Instant now) {
        return switch (row.state(now)) {
            case ERROR -> "error";
            case NEEDS_KEYS -> "needs keys";
            case LOCKED -> "locked";
            case LIVE, EXPIRING -> Countdown.format(Duration.between(now, row.sessionExpires()));
        };
    }
}
