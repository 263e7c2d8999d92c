package dev.tokentray.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The profiles as a window lists them: grouped by AWS account, each group headed by the MFA
 * sessions its profiles chain from, profiles without keys set apart; and the words a row and its
 * details use (state, short role, chain). Everything here comes from the config and the cache:
 * the account is read from the role's or the MFA device's ARN, its name from the config key
 * {@value Tokentray#ACCOUNT_ALIAS_KEY}, so no AWS call is made to draw the list.
 */
public final class ProfileGroups {
    /** Profiles whose config is broken: shown first, whatever their account. */
    public static final String ATTENTION = "attention";
    /** Profiles whose account cannot be told from their config (user keys without an MFA device). */
    public static final String UNKNOWN_ACCOUNT = "unknown";

    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    /** The order of the rows within a group, and of the groups. */
    public enum Order {
        /** Accounts by name, profiles by name. */
        NAME,
        /** The soonest to expire first, then locked profiles, then broken ones. */
        TIME_LEFT
    }

    /**
     * One MFA device's session, as a group's header shows it.
     *
     * @param serial     the device's ARN
     * @param user       the device's name ("alice" of {@code arn:aws:iam::1:mfa/alice})
     * @param keyProfile the profile holding the keys the session is made from (what "End" clears)
     * @param expires    when the cached MFA session ends, or null when none is cached
     */
    public record MfaHead(String serial, String user, String keyProfile, Instant expires) {
        /** Whether the MFA session is there to end at {@code now}. */
        public boolean live(Instant now) {
            return expires != null && expires.isAfter(now);
        }

        /** "alice · MFA session 7h 51m", or "alice · no MFA session" (the next unlock asks for a code). */
        public String text(Instant now) {
            return live(now) ? user + " · MFA session " + Countdown.format(Duration.between(now, expires))
                    : user + " · no MFA session";
        }
    }

    /**
     * A group of the list.
     *
     * @param key       the account id, or {@link #ATTENTION} / {@link #UNKNOWN_ACCOUNT}
     * @param alias     the account's name from the config, or null
     * @param mfa       the MFA devices its profiles chain from, by user
     * @param profiles  its profiles, in the list's order
     */
    public record Group(String key, String alias, List<MfaHead> mfa, List<ProfileStatus> profiles) {
        public Group {
            mfa = List.copyOf(mfa);
            profiles = List.copyOf(profiles);
        }

        /** "acme-prod · 123456789012", "123456789012", "Needs attention" or "Account not known". */
        public String title() {
            if (ATTENTION.equals(key)) {
                return "Needs attention";
            }
            if (UNKNOWN_ACCOUNT.equals(key)) {
                return "Account not known (user keys without an MFA device)";
            }
            return alias == null ? key : alias + " · " + key;
        }

        /** The account id, or null for the two groups that are not an account. */
        public String accountId() {
            return ATTENTION.equals(key) || UNKNOWN_ACCOUNT.equals(key) ? null : key;
        }
    }

    /** The whole list: the groups, then the profiles that wait for keys. */
    public record View(List<Group> groups, List<ProfileStatus> needKeys) {
        public View {
            groups = List.copyOf(groups);
            needKeys = List.copyOf(needKeys);
        }
    }

    private ProfileGroups() {
    }

    /**
     * The list of {@code profiles} (each a row of its own) whose name, role, account or region
     * contains {@code filter} (any case; blank keeps all), in {@code order} at {@code now}.
     */
    public static View of(List<ProfileStatus> profiles, String filter, Order order, Instant now) {
        Comparator<ProfileStatus> rows = order == Order.TIME_LEFT ? byTimeLeft(now)
                : Comparator.comparing(ProfileStatus::profile);
        Map<String, List<ProfileStatus>> byKey = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        List<ProfileStatus> needKeys = new ArrayList<>();
        for (ProfileStatus p : profiles) {
            if (!matches(p, filter)) {
                continue;
            }
            if (p.state(now) == ProfileStatus.State.NEEDS_KEYS) {
                needKeys.add(p);
                continue;
            }
            String key = p.error() != null ? ATTENTION : Objects.requireNonNullElse(p.account(), UNKNOWN_ACCOUNT);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            if (p.lineage().accountAlias() != null) {
                aliases.putIfAbsent(key, p.lineage().accountAlias());
            }
        }
        List<Group> groups = new ArrayList<>();
        byKey.forEach((key, members) -> {
            members.sort(rows);
            groups.add(new Group(key, aliases.get(key), heads(members), members));
        });
        Comparator<Group> titles = Comparator.comparing(g -> g.title().toLowerCase(Locale.ROOT));
        Comparator<Group> groupOrder = order == Order.TIME_LEFT
                ? Comparator.comparing((Group g) -> g.profiles().get(0), rows).thenComparing(titles)
                : titles;
        // Broken profiles first, whatever the order: each needs the person to fix something. The
        // account that cannot be named comes last.
        groups.sort(Comparator.comparingInt((Group g) -> ATTENTION.equals(g.key()) ? 0 : UNKNOWN_ACCOUNT.equals(g.key()) ? 2 : 1)
                .thenComparing(groupOrder));
        needKeys.sort(Comparator.comparing(ProfileStatus::profile));
        return new View(groups, needKeys);
    }

    private static List<MfaHead> heads(List<ProfileStatus> members) {
        Map<String, MfaHead> bySerial = new LinkedHashMap<>();
        for (ProfileStatus p : members) {
            if (p.mfaSerial() != null && !bySerial.containsKey(p.mfaSerial())) {
                String keyProfile = Objects.requireNonNullElse(p.lineage().keyProfile(), p.profile());
                bySerial.put(p.mfaSerial(), new MfaHead(p.mfaSerial(), Arn.name(p.mfaSerial()), keyProfile,
                        p.lineage().mfaSessionExpires()));
            }
        }
        List<MfaHead> heads = new ArrayList<>(bySerial.values());
        heads.sort(Comparator.comparing(MfaHead::user));
        return heads;
    }

    /**
     * The order by time left: live sessions soonest to expire first, then expired ones, then
     * locked profiles, then those that cannot be used; by name within each.
     */
    public static Comparator<ProfileStatus> byTimeLeft(Instant now) {
        return Comparator.comparingInt((ProfileStatus p) -> rank(p, now))
                .thenComparing(ProfileStatus::sessionExpires, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ProfileStatus::profile);
    }

    private static int rank(ProfileStatus p, Instant now) {
        if (p.error() != null) {
            return 3;
        }
        if (p.sessionExpires() == null) {
            return 2;
        }
        return p.live(now) ? 0 : 1;
    }

    /** Whether the profile's name, role, account (id or alias) or region contains {@code filter}. */
    public static boolean matches(ProfileStatus p, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String needle = filter.strip().toLowerCase(Locale.ROOT);
        for (String hay : new String[] {p.profile(), p.roleArn(), p.account(), p.lineage().accountAlias(), p.region()}) {
            if (hay != null && hay.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the profile's credentials come from, newest first: "prod-deploy ← acme-iam (vault) ←
     * alice MFA" (a role on acme-iam's keys in the vault, with alice's MFA device). Just the name
     * when the chain is not known.
     */
    public static String chain(ProfileStatus p) {
        List<String> chain = p.lineage().chain();
        if (chain.isEmpty()) {
            return p.profile();
        }
        StringBuilder text = new StringBuilder(String.join(" ← ", chain));
        if (p.lineage().keysKind() != null) {
            text.append(" (").append(p.lineage().keysKind()).append(')');
        }
        if (p.mfaSerial() != null) {
            text.append(" ← ").append(Arn.name(p.mfaSerial())).append(" MFA");
        }
        return text.toString();
    }

    /** The state in a word after its glyph, so that colour is never the only sign: "● live". */
    public static String stateText(ProfileStatus.State state) {
        return switch (state) {
            case LIVE -> "● live";
            case EXPIRING -> "◔ expiring";
            case LOCKED -> "○ locked";
            case NEEDS_KEYS -> "◌ needs keys";
            case ERROR -> "⚠ needs attention";
        };
    }

    /**
     * The length asked for against the length made: "asked 15m · made 15m", "profile's own length ·
     * made 1h"; null when nothing is known of the session.
     */
    public static String durationText(ProfileStatus p) {
        if (p.sessionLength() == null && p.requestedDuration() == null) {
            return null;
        }
        String asked = p.requestedDuration() == null ? "profile's own length"
                : "asked " + Countdown.length(p.requestedDuration()) + " (renewals keep it)";
        return p.sessionLength() == null ? asked : asked + " · made " + Countdown.length(p.sessionLength());
    }

    /** "10:42 (ahead of expiry)", or null when the session was not renewed. */
    public static String lastRenewal(ProfileStatus p, ZoneId zone) {
        return p.renewedAt() == null ? null : HOUR_MINUTE.withZone(zone).format(p.renewedAt())
                + (p.renewal() == null ? "" : " (" + p.renewal() + ")");
    }
}
