package dev.tokentray.sts;

import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.config.KeySource;
import dev.tokentray.config.ProfilePlan;
import dev.tokentray.config.RoleStep;
import dev.tokentray.mfa.MfaCode;
import dev.tokentray.mfa.MfaCodeSource;
import dev.tokentray.mfa.UsedCodes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Turns a {@link ProfilePlan} into an STS session, following aws-vault's rules: one
 * GetSessionToken session per MFA serial, cached and reused by every role that chains from it
 * (one MFA code for many roles); a role that asks for more than the 1-hour cap on roles assumed
 * from session credentials is assumed straight from the long-lived keys with MFA; a TOTP code is
 * never sent twice.
 */
public final class SessionMaker {
    /** AWS caps AssumeRole from temporary credentials at one hour. */
    public static final Duration CHAINED_ROLE_CAP = Duration.ofHours(1);
    /** GetSessionToken default: a working day, so roles chained from it need no new code all day. */
    public static final Duration DEFAULT_MFA_SESSION = Duration.ofHours(8);
    public static final Duration DEFAULT_ROLE_SESSION = Duration.ofHours(1);

    /** What it takes from outside: the long-lived keys and an MFA code. */
    public interface Inputs {
        /** The key pair at the bottom of the plan; may ask for the vault password. */
        AccessKeyPair keys(KeySource source);

        /** Where the code comes from for {@code plan} (its mfa_process, the terminal, a fixed code…). */
        MfaCodeSource mfa(ProfilePlan plan);

        /**
         * As {@link #mfa(ProfilePlan)}, for a code asked while the device's MFA session is fresh:
         * {@code why} says why this one needs a code of its own (a face that asks a person shows it).
         */
        default MfaCodeSource mfa(ProfilePlan plan, SecondCode why) {
            return mfa(plan);
        }

        /**
         * Whether to make a new MFA session even while the cached one is fresh: renewing a session
         * that only a new code can extend (the tray's Refresh, a click on an "expires soon" notice).
         */
        default boolean newMfaSession() {
            return false;
        }
    }

    /**
     * Why a profile takes a code of its own while its device's MFA session is fresh: its role is
     * assumed directly with MFA for {@code duration}, longer than {@link #CHAINED_ROLE_CAP}.
     */
    public record SecondCode(String profile, Duration duration) {
    }

    private final SessionCache cache;
    private final UsedCodes usedCodes;
    private final Clock clock;
    private final Function<ProfilePlan, StsCalls> stsFor;

    public SessionMaker(SessionCache cache, UsedCodes usedCodes, Clock clock, Function<ProfilePlan, StsCalls> stsFor) {
        this.cache = cache;
        this.usedCodes = usedCodes;
        this.clock = clock;
        this.stsFor = stsFor;
    }

    /** The cached session of the profile if it has more than 15 minutes left, else null. */
    public Session cached(String profile) {
        return cache.fresh(SessionCache.profileKey(profile), clock.instant());
    }

    /**
     * Gets a new session for {@code plan} (reusing a cached MFA session when one is fresh) and
     * stores it in the cache, with the duration it was asked for.
     *
     * @param requested the duration asked for with --duration, or null for the profile's own
     * @param before    the profile's cached session it replaces (read by the caller), or null
     * @param renewal   why it replaces {@code before}, or null when there is none
     */
    public Session unlock(ProfilePlan plan, Duration requested, Inputs inputs, Session before, String renewal) {
        String key = SessionCache.profileKey(plan.profile());
        Session made = newSession(plan, requested, inputs);
        // A profile whose session is its MFA session can get that same session back: nothing was renewed.
        Session stamped = before != null && before.accessKeyId().equals(made.accessKeyId()) ? before
                : made.made(made.length(), requested, renewal == null ? null : clock.instant(), renewal);
        cache.put(key, stamped);
        return stamped;
    }

    /** The duration the last role of {@code plan} is asked for: {@code requested}, else its duration_seconds, else an hour. */
    private static Duration roleDuration(ProfilePlan plan, Duration requested) {
        RoleStep last = plan.finalRole();
        return requested != null ? requested : last.duration() != null ? last.duration() : DEFAULT_ROLE_SESSION;
    }

    /** Whether the role is assumed straight from the keys with MFA: longer than a chained role may last. */
    private static boolean assumedDirectly(ProfilePlan plan, String serial, Duration roleDuration) {
        return serial != null && plan.roles().size() == 1 && roleDuration.compareTo(CHAINED_ROLE_CAP) > 0;
    }

    /**
     * Whether the sessions of {@code plan} come from its device's MFA session: it is that session
     * (no role), or its role is chained from it (not assumed directly for longer than the cap).
     */
    public static boolean usesMfaSession(ProfilePlan plan) {
        String serial = plan.effectiveMfa().serial();
        return serial != null && (plan.roles().isEmpty() || !assumedDirectly(plan, serial, roleDuration(plan, null)));
    }

    /**
     * Why unlocking {@code plan} now takes a code of its own although the MFA session of its device
     * is fresh (its role is assumed directly with MFA, see {@link #unlock}), or null when it does
     * not: a person asked for a second code half a minute after the first is told why.
     */
    public SecondCode secondCode(ProfilePlan plan, Duration requested) {
        String serial = plan.effectiveMfa().serial();
        return plan.roles().isEmpty() ? null : secondCode(plan, serial, roleDuration(plan, requested));
    }

    private SecondCode secondCode(ProfilePlan plan, String serial, Duration roleDuration) {
        if (!assumedDirectly(plan, serial, roleDuration) || cache.fresh(mfaKey(serial), clock.instant()) == null) {
            return null;
        }
        return new SecondCode(plan.profile(), roleDuration);
    }

    private Session newSession(ProfilePlan plan, Duration requested, Inputs inputs) {
        StsCalls sts = stsFor.apply(plan);
        String profile = plan.profile();
        List<RoleStep> roles = plan.roles();
        // The long-lived keys (and so the vault password) are needed only when no fresh MFA
        // session can stand in for them: chaining another role from a cached one asks nothing.
        try (LongLivedKeys keys = new LongLivedKeys(inputs, plan)) {
            String serial = plan.effectiveMfa().serial();
            String userName = null;
            if (serial == null) {
                userName = sts.userName(keys.get());
                serial = sts.mfaDevice(keys.get(), userName).orElse(null);
            }
            if (roles.isEmpty()) {
                // GetSessionToken: the profile's session is its MFA session, or one without MFA.
                Duration duration = requested != null ? requested
                        : plan.sessionDuration() != null ? plan.sessionDuration() : DEFAULT_MFA_SESSION;
                return serial == null ? sts.getSessionToken(keys.get(), null, null, duration).made(duration, null, null, null)
                        : mfaSession(sts, profile, keys, serial, duration, inputs);
            } else {
                RoleStep last = roles.get(roles.size() - 1);
                Duration roleDuration = roleDuration(plan, requested);
                if (assumedDirectly(plan, serial, roleDuration)) {
                    // Longer than a role assumed from session credentials may last: assume it
                    // straight from the long-lived keys, with the MFA code.
                    SecondCode why = secondCode(plan, serial, roleDuration);
                    AwsCredentials longLived = keys.get();
                    if (userName == null && needsSessionName(roles)) {
                        userName = sts.userName(longLived);
                    }
                    String code = nextCode(profile, serial, why == null ? inputs.mfa(plan) : inputs.mfa(plan, why));
                    Session direct = sts.assumeRole(longLived, last, sessionName(last, userName), serial, code,
                            roleDuration);
                    usedCodes.markUsed(serial, code);
                    return direct.made(roleDuration, null, null, null);
                }
                AwsCredentials caller;
                if (serial != null) {
                    Duration mfaDuration = plan.sessionDuration() != null ? plan.sessionDuration() : DEFAULT_MFA_SESSION;
                    caller = StsCalls.credentials(mfaSession(sts, profile, keys, serial, mfaDuration, inputs));
                } else {
                    caller = keys.get();
                }
                if (userName == null && needsSessionName(roles)) {
                    // GetCallerIdentity names the IAM user from its keys or its GetSessionToken
                    // session alike; the keys are asked when already loaded (moto answers a fixed
                    // identity for session credentials).
                    userName = sts.userName(keys.loaded() ? keys.get() : caller);
                }
                Session s = null;
                Duration d = null;
                for (int i = 0; i < roles.size(); i++) {
                    RoleStep role = roles.get(i);
                    boolean lastStep = i == roles.size() - 1;
                    d = lastStep ? roleDuration : role.duration();
                    if (d != null && (serial != null || i > 0) && d.compareTo(CHAINED_ROLE_CAP) > 0) {
                        d = CHAINED_ROLE_CAP;
                    }
                    s = sts.assumeRole(caller, role, sessionName(role, userName), null, null, d);
                    caller = StsCalls.credentials(s);
                }
                return s.made(d, null, null, null);
            }
        }
    }

    /** Credentials for IAM calls on a plan's own user, and the MFA device behind them (null: none). */
    public record IamCaller(AwsCredentials credentials, String mfaSerial) {
    }

    /**
     * Credentials for IAM calls on the plan's own user ({@code userName}), given its long-lived
     * keys: the MFA session of its device (the cached one, or a new one made with one code), since
     * policies commonly deny key changes without MFA; the keys themselves when it has no device.
     */
    public IamCaller iamCaller(ProfilePlan plan, AwsCredentials keys, String userName, Inputs inputs) {
        StsCalls sts = stsFor.apply(plan);
        String serial = plan.effectiveMfa().serial();
        if (serial == null) {
            serial = sts.mfaDevice(keys, userName).orElse(null);
        }
        if (serial == null) {
            return new IamCaller(keys, null);
        }
        Duration duration = plan.sessionDuration() != null ? plan.sessionDuration() : DEFAULT_MFA_SESSION;
        Session session = mfaSession(sts, plan.profile(), new LongLivedKeys(plan, keys), serial, duration, inputs);
        return new IamCaller(StsCalls.credentials(session), serial);
    }

    /** The plan's long-lived keys, loaded on first use only, wiped on close. */
    private static final class LongLivedKeys implements AutoCloseable {
        private final Inputs inputs;
        private final ProfilePlan plan;
        private AccessKeyPair pair;
        private AwsCredentials credentials;

        LongLivedKeys(Inputs inputs, ProfilePlan plan) {
            this.inputs = inputs;
            this.plan = plan;
        }

        /** Keys the caller has loaded already (and wipes itself). */
        LongLivedKeys(ProfilePlan plan, AwsCredentials loaded) {
            this(null, plan);
            this.credentials = loaded;
        }

        boolean loaded() {
            return credentials != null;
        }

        ProfilePlan plan() {
            return plan;
        }

        AwsCredentials get() {
            if (credentials == null) {
                pair = inputs.keys(plan.keys());
                credentials = StsCalls.credentials(pair);
            }
            return credentials;
        }

        @Override
        public void close() {
            if (pair != null) {
                pair.close();
            }
        }
    }

    /** The cached GetSessionToken session of {@code serial}, or a new one made with one MFA code. */
    private Session mfaSession(StsCalls sts, String profile, LongLivedKeys keys, String serial, Duration duration,
                               Inputs inputs) {
        Session cached = inputs.newMfaSession() ? null : cache.fresh(mfaKey(serial), clock.instant());
        if (cached != null) {
            return cached;
        }
        MfaCodeSource mfa = inputs.mfa(keys.plan());
        // Keys (the password) first: a code is good for 30 seconds, so it is asked for last.
        AwsCredentials longLived = keys.get();
        String code = nextCode(profile, serial, mfa);
        Session session = sts.getSessionToken(longLived, serial, code, duration).made(duration, null, null, null);
        usedCodes.markUsed(serial, code);
        cache.put(mfaKey(serial), session);
        return session;
    }

    /**
     * A code not sent before and shaped as AWS takes it: anything else is refused here, before STS,
     * and a source that can is asked again for a reused one. No refusal repeats the code.
     */
    private String nextCode(String profile, String serial, MfaCodeSource mfa) {
        String code = mfa.code(profile, serial, false);
        for (int attempt = 0; code != null && usedCodes.wasUsed(serial, code); attempt++) {
            if (!mfa.canRetry() || attempt >= 3) {
                throw new StsException("profile '" + profile + "': that MFA code was already sent to AWS and cannot"
                        + " be used twice; wait for the next code and retry");
            }
            code = mfa.code(profile, serial, true);
        }
        if (code == null) {
            throw new NeedsUserException(profile + " is locked: run `tokentray unlock " + profile + "`");
        }
        if (!MfaCode.wellFormed(code)) {
            throw new StsException("profile '" + profile + "': the MFA code is not " + MfaCode.DIGITS
                    + " digits; enter the code your device shows now");
        }
        return code;
    }

    public static String mfaKey(String serial) {
        return "mfa:" + serial;
    }

    private static boolean needsSessionName(List<RoleStep> roles) {
        return roles.stream().anyMatch(r -> r.roleSessionName() == null);
    }

    /** role_session_name, else one derived from the IAM user name with only the characters STS allows. */
    static String sessionName(RoleStep role, String userName) {
        if (role.roleSessionName() != null) {
            return role.roleSessionName();
        }
        String base = "tokentray-" + (userName == null ? "session" : userName);
        String clean = base.replaceAll("[^\\w+=,.@-]", "-");
        return clean.length() > 64 ? clean.substring(0, 64) : clean;
    }
}
