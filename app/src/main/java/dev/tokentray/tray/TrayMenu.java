package dev.tokentray.tray;

import dev.tokentray.core.Arn;
import dev.tokentray.core.Countdown;
import dev.tokentray.core.ProfileStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the tray shows for a list of profiles: the icon's state, the tooltip, and the menu as a tree
 * of {@link TrayMenuItem}s, which every backend renders alike. A pure function of the profiles,
 * the vault's state and the clock.
 */
public final class TrayMenu {
    /** Tray tooltips are cut at 64 characters (Windows' limit, which AWT applies everywhere). */
    static final int TOOLTIP_MAX = 64;
    /** Profile rows beyond these are left to the window ("More…"): a menu taller than the screen scrolls badly. */
    static final int MAX_PROFILE_ROWS = 10;
    /**
     * Trailing room on a profile's line: AWT's own menus (XEmbed trays) draw the submenu arrow over
     * the end of the label, where the time left is.
     */
    static final String ARROW_ROOM = "      ";

    /** What the menu's entries do; the app supplies them. */
    public interface Commands {
        void unlock(String profile);

        void refresh(String profile);

        /** Ends the profile's session (its MFA session stays for the other profiles on it). */
        void clear(String profile);

        /** Puts the profile's `export` lines on the clipboard. */
        void copyExportLines(String profile);

        /** Opens the AWS console as the profile in the browser. */
        void openConsole(String profile);

        void openWindow();

        void openSettings();

        void lockVault();

        void quit();
    }

    /**
     * What the menu is made from.
     *
     * @param yubikeyUnlockable locked profiles that read their code from a YubiKey that is plugged
     *                          in now: each gets an "Unlock … with YubiKey" entry at the top
     * @param renewalFailures   profile → the line saying why its last renewal failed (STS
     *                          unreachable, a refused key): the one thing besides a broken config
     *                          that turns the icon red
     * @param mfaSessions       MFA device serial → when its cached MFA session ends
     */
    public record Facts(List<ProfileStatus> rows, Instant now, boolean vaultOpen, List<String> yubikeyUnlockable,
                        Map<String, String> renewalFailures, Map<String, Instant> mfaSessions) {
        public static Facts of(List<ProfileStatus> rows, Instant now, boolean vaultOpen) {
            return new Facts(rows, now, vaultOpen, List.of(), Map.of(), Map.of());
        }

        public Facts withYubikeyUnlockable(List<String> profiles) {
            return new Facts(rows, now, vaultOpen, profiles, renewalFailures, mfaSessions);
        }

        public Facts withRenewalFailures(Map<String, String> failures) {
            return new Facts(rows, now, vaultOpen, yubikeyUnlockable, failures, mfaSessions);
        }

        public Facts withMfaSessions(Map<String, Instant> sessions) {
            return new Facts(rows, now, vaultOpen, yubikeyUnlockable, renewalFailures, sessions);
        }
    }

    public record View(TrayIcons.State state, String tooltip, List<TrayMenuItem> items) {
    }

    private TrayMenu() {
    }

    public static View build(List<ProfileStatus> rows, Instant now, boolean vaultOpen, Commands commands) {
        return build(Facts.of(rows, now, vaultOpen), commands);
    }

    /**
     * The header (the vault, the MFA session), then live profiles soonest to end first, each with a
     * submenu of its actions, then those that need attention, then locked ones grouped by account,
     * each one click to unlock; at most {@link #MAX_PROFILE_ROWS} of them, then the app's entries.
     */
    public static View build(Facts facts, Commands commands) {
        Instant now = facts.now();
        List<TrayMenuItem> items = new ArrayList<>();
        items.add(TrayMenuItem.text("header", header(facts)));
        for (String p : facts.yubikeyUnlockable()) {
            items.add(TrayMenuItem.entry("yubikey:" + p, "Unlock " + p + " with YubiKey", () -> commands.unlock(p)));
        }
        items.add(TrayMenuItem.separator("sep:header"));
        TrayIcons.State state = TrayIcons.State.LOCKED;
        List<ProfileStatus> live = new ArrayList<>();
        List<ProfileStatus> broken = new ArrayList<>();
        Map<String, List<ProfileStatus>> lockedByAccount = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        List<String> withoutKeys = new ArrayList<>();
        for (ProfileStatus row : facts.rows()) {
            ProfileStatus.State rowState = row.state(now);
            if (rowState == ProfileStatus.State.NEEDS_KEYS) {
                // Not a failure: they wait, together, for keys in the window.
                withoutKeys.add(row.profile());
                continue;
            }
            state = worse(state, facts.renewalFailures().containsKey(row.profile()) ? TrayIcons.State.ERROR : iconState(rowState));
            switch (rowState) {
                case LIVE, EXPIRING -> live.add(row);
                case ERROR -> broken.add(row);
                default -> lockedByAccount.computeIfAbsent(row.account(), a -> new ArrayList<>()).add(row);
            }
        }
        live.sort(Comparator.comparing(ProfileStatus::sessionExpires).thenComparing(ProfileStatus::profile));
        int room = MAX_PROFILE_ROWS;
        int withKeys = facts.rows().size() - withoutKeys.size();
        for (ProfileStatus row : live) {
            if (room-- > 0) {
                items.add(liveRow(row, facts.renewalFailures().get(row.profile()), now, commands));
            }
        }
        for (ProfileStatus row : broken) {
            if (room-- > 0) {
                items.add(TrayMenuItem.submenu("profile:" + row.profile(), row.profile() + "  —  " + left(row, now) + ARROW_ROOM,
                        List.of(TrayMenuItem.text("profile:" + row.profile() + "/error", row.error()))));
            }
        }
        boolean severalGroups = lockedByAccount.size() > 1;
        for (Map.Entry<String, List<ProfileStatus>> group : lockedByAccount.entrySet()) {
            if (room <= 0) {
                room -= group.getValue().size();
                continue;
            }
            if (!items.get(items.size() - 1).isSeparator()) {
                items.add(TrayMenuItem.separator("sep:account:" + group.getKey()));
            }
            if (group.getKey() != null || severalGroups) {
                items.add(TrayMenuItem.text("account:" + group.getKey(),
                        group.getKey() != null ? "Account " + group.getKey() : "Other profiles"));
            }
            for (ProfileStatus row : group.getValue()) {
                if (room-- > 0) {
                    items.add(TrayMenuItem.entry("unlock:" + row.profile(), unlockLabel(row, facts.vaultOpen()),
                            () -> commands.unlock(row.profile())));
                }
            }
        }
        if (room < 0) {
            items.add(TrayMenuItem.entry("more", "More… (" + -room + " more in the window)", commands::openWindow));
        }
        if (!withoutKeys.isEmpty()) {
            items.add(TrayMenuItem.entry("needs-keys", withoutKeys.size() == 1 ? withoutKeys.get(0) + " needs keys…"
                    : withoutKeys.size() + " profiles need keys…", commands::openWindow));
        }
        if (facts.rows().isEmpty()) {
            items.add(TrayMenuItem.text("empty", "No profiles yet: open tokentray to add keys"));
        }
        items.addAll(appEntries(facts.vaultOpen(), commands));
        return new View(state, withKeys > 0 ? tooltip(live, facts.renewalFailures(), now)
                : "tokentray: no keys yet (open the window to add them)", List.copyOf(items));
    }

    /** The menu while the profiles cannot be read (a config mid-edit): why, and the way out. */
    public static List<TrayMenuItem> unreadable(String why, Commands commands) {
        List<TrayMenuItem> items = new ArrayList<>();
        items.add(TrayMenuItem.text("header", String.valueOf(why)));
        items.addAll(appEntries(false, commands));
        return List.copyOf(items);
    }

    private static List<TrayMenuItem> appEntries(boolean vaultOpen, Commands commands) {
        List<TrayMenuItem> items = new ArrayList<>();
        items.add(TrayMenuItem.separator("sep:app"));
        items.add(TrayMenuItem.entry("open", "Open tokentray", commands::openWindow));
        if (vaultOpen) {
            items.add(TrayMenuItem.entry("lock", "Lock vault", commands::lockVault));
        }
        items.add(TrayMenuItem.entry("settings", "Settings…", commands::openSettings));
        items.add(TrayMenuItem.entry("quit", "Quit tokentray", commands::quit));
        return items;
    }

    private static TrayMenuItem liveRow(ProfileStatus row, String failure, Instant now, Commands commands) {
        String p = row.profile();
        String id = "profile:" + p;
        List<TrayMenuItem> children = new ArrayList<>();
        if (failure != null) {
            children.add(TrayMenuItem.text(id + "/failure", failure));
        }
        children.add(TrayMenuItem.entry(id + "/refresh", "Refresh", () -> commands.refresh(p)));
        children.add(TrayMenuItem.entry(id + "/copy", "Copy export lines", () -> commands.copyExportLines(p)));
        children.add(TrayMenuItem.entry(id + "/console", "Open AWS console", () -> commands.openConsole(p)));
        children.add(TrayMenuItem.entry(id + "/end", "End session", () -> commands.clear(p)));
        return TrayMenuItem.submenu(id, p + "  —  " + left(row, now) + ARROW_ROOM, children);
    }

    /** "Unlock admin — password + MFA code": one click, and it says what it will ask. */
    static String unlockLabel(ProfileStatus row, boolean vaultOpen) {
        String asks = row.needs() == null ? "" : row.needs().given(vaultOpen).brief();
        return "Unlock " + row.profile() + (asks.isEmpty() ? "" : " — " + asks);
    }

    /** "Vault open · MFA alice 7h 51m": what is unlocked, and how long until a new code is asked. */
    static String header(Facts facts) {
        String vault = facts.vaultOpen() ? "Vault open" : "Vault locked";
        List<Map.Entry<String, Instant>> mfa = facts.mfaSessions().entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue().isAfter(facts.now()))
                .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey())).toList();
        if (mfa.isEmpty()) {
            return vault;
        }
        Map.Entry<String, Instant> soonest = mfa.get(0);
        return vault + " · MFA " + Arn.name(soonest.getKey()) + " "
                + Countdown.format(Duration.between(facts.now(), soonest.getValue()))
                + (mfa.size() > 1 ? " (+" + (mfa.size() - 1) + ")" : "");
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
