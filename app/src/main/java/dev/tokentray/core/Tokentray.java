package dev.tokentray.core;

import dev.tokentray.Env;
import dev.tokentray.Launchers;
import dev.tokentray.TokentrayException;
import dev.tokentray.agent.AgentClient;
import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.cache.KeyringBackends;
import dev.tokentray.cache.KeyringException;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.config.AwsProfileFiles;
import dev.tokentray.config.ConfigException;
import dev.tokentray.config.ConfigFileEditor;
import dev.tokentray.config.CredentialProcessLine;
import dev.tokentray.config.CredentialsFileEditor;
import dev.tokentray.config.KeySource;
import dev.tokentray.config.NoKeysException;
import dev.tokentray.config.ProfilePlan;
import dev.tokentray.config.ProfileResolver;
import dev.tokentray.config.ProfileValue;
import dev.tokentray.config.RoleStep;
import dev.tokentray.config.Wiring;
import dev.tokentray.fs.FileErrors;
import dev.tokentray.fs.FileLock;
import dev.tokentray.fs.TrustedPaths;
import dev.tokentray.mfa.UsedCodes;
import dev.tokentray.outputs.ConsoleSignIn;
import dev.tokentray.sts.AccessKeyPair;
import dev.tokentray.sts.KeyRotation;
import dev.tokentray.sts.SessionMaker;
import dev.tokentray.sts.StsCalls;
import dev.tokentray.vault.KdfParams;
import dev.tokentray.vault.Vault;
import dev.tokentray.vault.VaultContents;
import dev.tokentray.vault.VaultEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The engine behind every face: the CLI, the tray and the shim call these operations and add no
 * logic of their own. Reads the AWS files afresh on each call, so edits made while the tray runs
 * are seen.
 */
public final class Tokentray {
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");

    private final Env env;
    private final Path home;
    private final Vault vault;
    private final Consumer<String> warnings;
    private final Clock clock;
    private SessionCache sessionCache;
    private volatile VaultWriteListener vaultWritten;

    public Tokentray(Env env, Consumer<String> warnings) {
        this(env, KdfParams.DEFAULT, Clock.systemUTC(), warnings);
    }

    public Tokentray(Env env, KdfParams kdf, Clock clock, Consumer<String> warnings) {
        this.env = env;
        this.home = env.tokentrayHome();
        // Vault, locks, settings and cache all live here: one another user made is refused at once.
        TrustedPaths.home(home);
        this.vault = new Vault(home, kdf, warnings);
        this.clock = clock;
        this.warnings = warnings;
    }

    public Env env() {
        return env;
    }

    public Clock clock() {
        return clock;
    }

    public Vault vault() {
        return vault;
    }

    public AwsProfileFiles profileFiles() {
        return AwsProfileFiles.load(env);
    }

    public ProfileResolver resolver() {
        return new ProfileResolver(profileFiles(), new HashSet<>(vault.profiles()));
    }

    /** The session cache on the backend TOKENTRAY_KEYRING names, connected on first use. */
    public synchronized SessionCache sessionCache() {
        if (sessionCache == null) {
            sessionCache = new SessionCache(KeyringBackends.select(env, home, warnings));
        }
        return sessionCache;
    }

    /** Told of every vault write this engine makes, with what was written and the password it was written under. */
    public interface VaultWriteListener {
        /** Owns {@code written} (closes it when done); {@code password} is only lent. */
        void written(VaultContents written, char[] password);
    }

    /**
     * Who holds the vault open (the tray): every write this engine makes (add, import, remove,
     * rotate, passwd) is handed to it, so the open copy never lags behind the file.
     */
    public void onVaultWritten(VaultWriteListener listener) {
        this.vaultWritten = listener;
    }

    /** Every write to the vault goes through here: the change, then the open copy brought up to date. */
    private <T> T updateVault(char[] password, java.util.function.Function<VaultContents, T> change) {
        VaultWriteListener listener = vaultWritten;
        VaultContents[] written = new VaultContents[1];
        T result;
        try {
            result = vault.update(password, contents -> {
                T changed = change.apply(contents);
                if (listener != null) {
                    written[0] = contents.copy();
                }
                return changed;
            });
        } catch (RuntimeException e) {
            if (written[0] != null) {
                written[0].close();
            }
            throw e;
        }
        if (listener != null) {
            listener.written(written[0], password);
        }
        return result;
    }

    /**
     * Stores a key pair for {@code profile} in the vault.
     *
     * @return true when it replaced keys already stored for that profile
     */
    public boolean addKeys(String profile, String accessKeyId, char[] secret, char[] password) {
        checkProfileName(profile);
        checkKeyPair(profile, accessKeyId, secret);
        return updateVault(password, contents -> {
            boolean replaced = contents.get(profile) != null;
            contents.put(new VaultEntry(profile, accessKeyId, secret, clock.instant()));
            return replaced;
        });
    }

    /** What an import did. */
    public record ImportResult(List<String> imported, List<String> removedFromPlaintext) {
    }

    /**
     * Copies key pairs from the credentials file into the vault; with {@code removePlaintext}
     * deletes them from the credentials file, but only after the vault has been written and read
     * back with the same keys in it.
     *
     * @param profiles the profiles to import; empty means every profile with a long-lived key pair
     */
    public ImportResult importKeys(List<String> profiles, boolean removePlaintext, char[] password) {
        AwsProfileFiles files = profileFiles();
        String shown = files.display(files.credentialsFile());
        Set<String> wanted = new LinkedHashSet<>(profiles);
        if (wanted.isEmpty()) {
            wanted.addAll(importable(files));
            if (wanted.isEmpty()) {
                throw new TokentrayException("no long-lived keys to import in " + shown
                        + "; add keys with `tokentray add PROFILE`");
            }
        }
        List<VaultEntry> entries = new ArrayList<>();
        for (String name : wanted) {
            Map<String, ProfileValue> s = files.credentialsFileSettings(name);
            if (!s.containsKey("aws_access_key_id") || !s.containsKey("aws_secret_access_key")) {
                throw new ConfigException(shown + " has no aws_access_key_id and aws_secret_access_key for profile '"
                        + name + "'; run `tokentray list` to see where its keys are");
            }
            if (s.containsKey("aws_session_token")) {
                throw new ConfigException(shown + ": profile '" + name + "' holds temporary keys (it has"
                        + " aws_session_token); only long-lived keys can be imported");
            }
            String keyId = s.get("aws_access_key_id").value();
            char[] secret = s.get("aws_secret_access_key").value().toCharArray();
            checkKeyPair(name, keyId, secret);
            entries.add(new VaultEntry(name, keyId, secret, clock.instant()));
            Arrays.fill(secret, '\0');
        }
        updateVault(password, contents -> {
            entries.forEach(contents::put);
            return null;
        });
        List<String> imported = List.copyOf(wanted);
        if (!removePlaintext) {
            return new ImportResult(imported, List.of());
        }
        try (VaultContents reread = vault.open(password)) {
            for (String name : wanted) {
                Map<String, ProfileValue> s = files.credentialsFileSettings(name);
                VaultEntry stored = reread.get(name);
                char[] storedSecret = stored == null ? null : stored.secretAccessKey();
                char[] plainSecret = s.get("aws_secret_access_key").value().toCharArray();
                boolean same = stored != null && stored.accessKeyId().equals(s.get("aws_access_key_id").value())
                        && Arrays.equals(storedSecret, plainSecret);
                Arrays.fill(plainSecret, '\0');
                if (storedSecret != null) {
                    Arrays.fill(storedSecret, '\0');
                }
                if (!same) {
                    throw new TokentrayException("the vault did not read back profile '" + name
                            + "' as written; " + shown + " was left unchanged");
                }
            }
        }
        try {
            Set<String> removed = FileLock.whileEditing(home.resolve("locks"), files.credentialsFile(),
                    () -> CredentialsFileEditor.removeKeys(files.credentialsFile(), Set.copyOf(wanted)));
            return new ImportResult(imported, List.copyOf(new TreeSet<>(removed)));
        } catch (IOException e) {
            throw new TokentrayException(FileErrors.line("imported into the vault, but could not rewrite " + shown, e,
                    "remove the keys there by hand"), e);
        }
    }

    /** The profiles an import with no profile named moves: every long-lived key pair in the credentials file. */
    static List<String> importable(AwsProfileFiles files) {
        List<String> found = new ArrayList<>();
        for (String name : files.names()) {
            if (isLongLivedKeyPair(files.credentialsFileSettings(name))) {
                found.add(name);
            }
        }
        return found;
    }

    /** What a removal did. */
    public record RemoveResult(boolean keysRemoved, boolean sessionRemoved) {
    }

    /**
     * Deletes a profile's keys from the vault and its cached session. The password is asked only
     * when the vault holds keys for the profile.
     */
    public RemoveResult remove(String profile, Supplier<char[]> password) {
        boolean inVault = vault.profiles().contains(profile);
        SessionCache cache = sessionCache();
        boolean hadSession = cache.get(SessionCache.profileKey(profile)) != null;
        if (!inVault && !hadSession) {
            if (!profileFiles().contains(profile)) {
                throw new TokentrayException("profile '" + profile + "' is unknown; run `tokentray list` to see profiles");
            }
            throw new TokentrayException("profile '" + profile + "' has no keys in the vault and no cached session;"
                    + " nothing to remove");
        }
        if (inVault) {
            char[] pw = password.get();
            try {
                updateVault(pw, contents -> contents.remove(profile));
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        cache.remove(SessionCache.profileKey(profile));
        sessionsChanged(profile);
        return new RemoveResult(inVault, hadSession);
    }

    /** Fails with the next step when no vault has been created yet. */
    public void requireVault() {
        if (!vault.exists()) {
            throw new TokentrayException("there is no vault yet at " + vault.file() + "; add keys first with"
                    + " `tokentray add PROFILE`");
        }
    }

    public void changePassword(char[] oldPassword, char[] newPassword) {
        requireVault();
        vault.changePassword(oldPassword, newPassword);
        VaultWriteListener listener = vaultWritten;
        if (listener != null) {
            listener.written(vault.open(newPassword), newPassword);
        }
    }

    /** The long-lived key pair a plan starts from; the password is asked only for vault keys. */
    public AccessKeyPair loadKeys(KeySource source, Supplier<char[]> password) {
        switch (source.kind()) {
            case VAULT -> {
                char[] pw = password.get();
                try (VaultContents contents = vault.open(pw)) {
                    return keysOf(contents, source.profile());
                } finally {
                    Arrays.fill(pw, '\0');
                }
            }
            case CREDENTIALS_FILE, CONFIG_FILE -> {
                Map<String, ProfileValue> s = profileFiles().settings(source.profile());
                char[] secret = s.get("aws_secret_access_key").value().toCharArray();
                try {
                    return new AccessKeyPair(s.get("aws_access_key_id").value(), secret);
                } finally {
                    Arrays.fill(secret, '\0');
                }
            }
            default -> throw new TokentrayException("profile '" + source.profile() + "' gets its keys from"
                    + " credential_process, which tokentray cannot use as a source yet; run `tokentray import`"
                    + " or `tokentray add " + source.profile() + "`");
        }
    }

    /** The key pair of {@code profile} in an opened vault; a profile without keys says how to add them. */
    static AccessKeyPair keysOf(VaultContents contents, String profile) {
        VaultEntry entry = contents.get(profile);
        if (entry == null) {
            throw new TokentrayException("profile '" + profile + "' has no keys in the vault; run `tokentray add " + profile + "`");
        }
        char[] secret = entry.secretAccessKey();
        try {
            return new AccessKeyPair(entry.accessKeyId(), secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** The region STS is called in: the profile's, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1. */
    public String region(ProfilePlan plan) {
        if (plan.region() != null) {
            return plan.region();
        }
        return env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    }

    /** The region of {@code profile} as its session's users should see it. */
    public String region(String profile) {
        return region(resolver().resolve(profile));
    }

    /** AWS_ENDPOINT_URL_{SERVICE}, else AWS_ENDPOINT_URL, from this engine's environment; null for the default. */
    private java.net.URI endpoint(String service) {
        String url = env.getOrDefault("AWS_ENDPOINT_URL_" + service, env.get("AWS_ENDPOINT_URL"));
        if (url == null || url.isBlank() || "true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
            return null;
        }
        try {
            return java.net.URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new TokentrayException("AWS_ENDPOINT_URL_" + service + " '" + url + "' is not a URL; fix or unset it");
        }
    }

    public SessionMaker sessionMaker() {
        return new SessionMaker(sessionCache(), new UsedCodes(home, clock), clock, this::stsCalls);
    }

    StsCalls stsCalls(ProfilePlan plan) {
        return new StsCalls(plan.profile(), region(plan), clock, warnings, endpoint("STS"), endpoint("IAM"));
    }

    /**
     * Replaces the vault's access key of {@code profile} (or of the profile its source_profile
     * chain ends in) with a new one, and deletes the old one in IAM (see {@link KeyRotation}). The
     * MFA session made from the old key is dropped: the next unlock makes one from the new key.
     */
    public KeyRotation.Result rotate(String profile, char[] password, SessionMaker.Inputs inputs) {
        ProfilePlan plan = resolver().resolve(profile);
        KeySource source = plan.keys();
        if (source.kind() != KeySource.Kind.VAULT) {
            throw new TokentrayException("profile '" + source.profile() + "' gets its keys from the "
                    + source.kind().label() + ", not the vault; move them in first with `tokentray import --profile "
                    + source.profile() + "`");
        }
        try (AccessKeyPair old = loadKeys(source, password::clone)) {
            KeyRotation.Result result = new KeyRotation(stsCalls(plan), sessionMaker()).rotate(plan, old, inputs,
                    (accessKeyId, secret) -> updateVault(password, contents -> {
                        contents.put(new VaultEntry(source.profile(), accessKeyId, secret, clock.instant()));
                        return null;
                    }));
            if (result.mfaSerial() != null) {
                sessionCache().remove(SessionMaker.mfaKey(result.mfaSerial()));
            }
            // Sessions made from the old key may be held by an agent: it reads the cache again.
            sessionsChanged(null);
            return result;
        }
    }

    /** Why a session replaced an earlier one of its profile, as "renewed 10:42 (…)" says it. */
    public static final String AHEAD_OF_EXPIRY = "ahead of expiry";
    public static final String ON_REQUEST = "on request";
    public static final String NEAR_EXPIRY = "near expiry, when used";
    public static final String AFTER_EXPIRY = "after expiry";

    /**
     * A session for {@code profile}: the cached one while it is fresh (more than 15 minutes left,
     * or its share of that for a shorter session; unless {@code forceNew}), else a new one. Callers
     * for the same MFA device (or the same profile) queue on one lock across processes and re-read
     * the cache once they hold it, so 32 parallel shims make one STS call chain and ask for one code.
     *
     * @param requested the duration asked for; null keeps the one the session being replaced was
     *                  asked for (so a renewal of `unlock P --duration 15m` lasts 15 minutes
     *                  again), else the profile's own
     */
    public Session session(String profile, boolean forceNew, Duration requested, SessionMaker.Inputs inputs) {
        return session(profile, forceNew, requested, true, ON_REQUEST, inputs);
    }

    /**
     * A new session now, as `tokentray unlock` asks: for {@code requested}, or the profile's own
     * duration when null (not the one an earlier session was asked for: an unlock says it anew).
     */
    public Session unlock(String profile, Duration requested, SessionMaker.Inputs inputs) {
        return session(profile, true, requested, false, ON_REQUEST, inputs);
    }

    /** A new session before the cached one runs out (the tray's auto-refresh), as long as that one was asked for. */
    public Session renewAhead(String profile, SessionMaker.Inputs inputs) {
        return session(profile, true, null, true, AHEAD_OF_EXPIRY, inputs);
    }

    private Session session(String profile, boolean forceNew, Duration requested, boolean keepRequested,
                            String askedBecause, SessionMaker.Inputs inputs) {
        ProfilePlan plan;
        try {
            plan = resolver().resolve(profile);
        } catch (ConfigException unresolved) {
            // A config caught mid-edit must not fail the AWS calls that have a fresh session: the
            // shim serves it from the cache without reading the config, and so does the tray's agent.
            // Not for a profile that simply has no keys: that answer needs no keyring, which may
            // be slow to say it cannot be reached.
            Session cached = forceNew || unresolved instanceof NoKeysException ? null : cachedDespite(profile);
            if (cached != null) {
                return cached;
            }
            throw unresolved;
        }
        SessionMaker maker = sessionMaker();
        if (!forceNew) {
            Session cached = maker.cached(profile);
            if (cached != null) {
                return cached;
            }
        }
        String serial = plan.effectiveMfa().serial();
        String lockKey = serial != null ? SessionMaker.mfaKey(serial) : SessionCache.profileKey(profile);
        Session made;
        try (FileLock lock = FileLock.acquire(lockFile(lockKey))) {
            // Read again under the lock: another process may have just made one.
            Session before = sessionCache().get(SessionCache.profileKey(profile));
            if (!forceNew && before != null && before.fresh(clock.instant())) {
                return before;
            }
            Duration length = requested != null || !keepRequested || before == null ? requested : before.requested();
            String renewal = before == null ? null : forceNew ? askedBecause
                    : before.expired(clock.instant()) ? AFTER_EXPIRY : NEAR_EXPIRY;
            made = maker.unlock(plan, length, inputs, before, renewal);
            credentialsFileMode().renew(profile, region(plan), made);
        } catch (IOException e) {
            throw new TokentrayException(FileErrors.line("cannot take the session lock in " + home.resolve("locks"), e,
                    "check its permissions"), e);
        }
        sessionsChanged(profile);
        return made;
    }

    /**
     * Why unlocking {@code profile} now asks for a code although its device's MFA session is fresh
     * (shown where the code is asked), or null when it does not.
     */
    public String secondCodeReason(String profile) {
        Session current = sessionCache().get(SessionCache.profileKey(profile));
        return secondCodeText(sessionMaker().secondCode(resolver().resolve(profile),
                current == null ? null : current.requested()));
    }

    /** The sentence for {@link SessionMaker.SecondCode}; null for null. */
    public static String secondCodeText(SessionMaker.SecondCode why) {
        return why == null ? null : "A second code: " + why.profile() + " is assumed directly with MFA for its "
                + Countdown.length(why.duration()) + ", which a role chained from the MFA session cannot get ("
                + Countdown.length(SessionMaker.CHAINED_ROLE_CAP) + " at most).";
    }

    /** What {@link #clear(String, boolean)} ended, and the lines that say so (side effects included). */
    public record Cleared(List<String> profiles, List<String> mfaSessionsEnded, List<String> lines) {
    }

    /**
     * Drops the cached session of {@code profile}, as aws-vault's clear does: the MFA session the
     * profile's roles chain from stays (every other role keeps renewing without a code) unless
     * {@code endMfaSession}, or unless it is the profile's own session (a profile without a role).
     * Without a profile, drops every session, MFA sessions included. The lines name what else ended
     * or stays.
     */
    public Cleared clear(String profile, boolean endMfaSession) {
        SessionCache cache = sessionCache();
        ProfileResolver resolver = resolver();
        Set<String> profiles = new TreeSet<>();
        if (profile != null) {
            if (!resolver.exists(profile)) {
                throw new TokentrayException("profile '" + profile + "' is unknown; run `tokentray list` to see profiles");
            }
            profiles.add(profile);
        } else {
            profiles.addAll(allProfiles());
        }
        List<String> cleared = new ArrayList<>();
        Set<String> serials = new TreeSet<>();
        boolean ownMfaSession = false;
        for (String name : profiles) {
            if (cache.get(SessionCache.profileKey(name)) != null) {
                cleared.add(name);
            }
            cache.remove(SessionCache.profileKey(name));
            try {
                ProfilePlan plan = resolver.resolve(name);
                String serial = plan.effectiveMfa().serial();
                if (serial != null) {
                    serials.add(serial);
                    ownMfaSession = plan.roles().isEmpty();
                }
            } catch (ConfigException e) {
                // an unresolvable profile has no MFA session to drop
            }
        }
        for (String name : credentialsFileMode().remove(profiles)) {
            if (!cleared.contains(name)) {
                cleared.add(name);
            }
        }
        List<String> lines = new ArrayList<>();
        if (!cleared.isEmpty()) {
            lines.add("Cleared the cached session" + (cleared.size() == 1 ? "" : "s") + " of " + String.join(", ", cleared)
                    + ".");
        }
        List<String> ended = new ArrayList<>();
        for (String serial : serials) {
            Session mfa = cache.get(SessionMaker.mfaKey(serial));
            boolean live = mfa != null && !mfa.expired(clock.instant());
            if (profile != null && !endMfaSession && !ownMfaSession) {
                if (live) {
                    lines.add("The MFA session of " + serial + " stays, so " + listed(mfaSessionUsers(serial), "and")
                            + " renew without a new code; `tokentray clear " + profile + " --mfa-session` ends it too.");
                }
                continue;
            }
            cache.remove(SessionMaker.mfaKey(serial));
            if (live) {
                ended.add(serial);
                lines.add("Ended the MFA session of " + serial + (profile != null && ownMfaSession ? " (" + profile
                        + "'s own session)" : "") + (profile == null ? "." : ": the next new session of "
                        + listed(mfaSessionUsers(serial), "or") + " needs a new code."));
            }
        }
        if (lines.isEmpty()) {
            lines.add("No cached sessions to clear.");
        }
        sessionsChanged(profile);
        return new Cleared(List.copyOf(cleared), List.copyOf(ended), List.copyOf(lines));
    }

    /** Drops the cached session of {@code profile} only (see {@link #clear(String, boolean)}); the profiles cleared. */
    public List<String> clear(String profile) {
        return clear(profile, false).profiles();
    }

    private Set<String> allProfiles() {
        Set<String> names = new TreeSet<>(profileFiles().names());
        names.addAll(vault.profiles());
        return names;
    }

    /**
     * The profiles whose sessions come from the MFA session of {@code serial}: those on that device
     * with no role, and those whose role is chained from it (not one assumed directly with MFA).
     */
    private List<String> mfaSessionUsers(String serial) {
        ProfileResolver resolver = resolver();
        List<String> users = new ArrayList<>();
        for (String name : allProfiles()) {
            try {
                ProfilePlan plan = resolver.resolve(name);
                if (serial.equals(plan.effectiveMfa().serial()) && SessionMaker.usesMfaSession(plan)) {
                    users.add(name);
                }
            } catch (ConfigException e) {
                // not resolvable: uses no session
            }
        }
        return users;
    }

    /** "a", "a and b", "a, b and c" (or "or"). */
    private static String listed(List<String> names, String conjunction) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " " + conjunction + " "
                + names.get(names.size() - 1);
    }

    /**
     * Tells the agent running in another process, if any (the headless agent; the tray's, when this
     * is the CLI), that {@code profile}'s session (null: every session) was cleared or replaced
     * here, so that it never serves the old one from memory. When no agent runs this costs a look
     * at its lock.
     */
    private void sessionsChanged(String profile) {
        if (!AgentClient.forget(AgentProtocol.dir(env), profile)) {
            warnings.accept("warning: tokentray's agent did not confirm that it dropped "
                    + (profile == null ? "the sessions it holds" : profile + "'s session") + "; if it still serves "
                    + (profile == null ? "them" : "it") + ", quit the tray, or end the agent whose pid is in "
                    + AgentProtocol.lock(AgentProtocol.dir(env)));
        }
    }

    /** The fresh cached session of {@code profile}, or null, also when the cache cannot be read: the config's problem is the one to report then. */
    private Session cachedDespite(String profile) {
        try {
            return sessionMaker().cached(profile);
        } catch (KeyringException unreadable) {
            return null;
        }
    }

    private Path lockFile(String key) {
        return home.resolve("locks").resolve("session-" + Integer.toHexString(key.hashCode()) + "-"
                + key.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
    }

    /** The command the AWS CLI should run for the shim (see {@link Launchers#cli}). */
    public String launcher() {
        return Launchers.cli(env);
    }

    /** How long a console sign-in's federation session lasts unless --duration says otherwise. */
    private static final Duration CONSOLE_FEDERATION = Duration.ofHours(1);

    /**
     * The AWS console sign-in link for {@code profile} (valid 15 minutes). A profile with a role
     * signs in with its role session, got as every face gets one ({@code roleSession}: cache, tray
     * or new); a profile without one with a federated-user session made from its long-lived keys,
     * since the sign-in endpoint refuses GetSessionToken sessions.
     */
    public String consoleLoginUrl(String profile, Duration requested, SessionMaker.Inputs inputs,
                                  Supplier<Session> roleSession) {
        ProfilePlan plan = resolver().resolve(profile);
        String region = region(plan);
        ConsoleSignIn signIn = new ConsoleSignIn(region, env.get("TOKENTRAY_FEDERATION_ENDPOINT"), clock);
        if (!plan.roles().isEmpty()) {
            return signIn.loginUrl(roleSession.get(), true, region);
        }
        StsCalls sts = stsCalls(plan);
        try (AccessKeyPair keys = inputs.keys(plan.keys())) {
            software.amazon.awssdk.auth.credentials.AwsCredentials credentials = StsCalls.credentials(keys);
            String user = sts.userName(credentials);
            // A federated user's name: 2 to 32 of the characters IAM user names are made of.
            String name = user.length() > 32 ? user.substring(0, 32) : user.length() < 2 ? "tokentray-" + user : user;
            Session federated = sts.getFederationToken(credentials, name, requested != null ? requested : CONSOLE_FEDERATION);
            return signIn.loginUrl(federated, false, region);
        }
    }

    /**
     * Credentials-file mode (see {@link CredentialsFileMode}): writes the session of
     * {@code profile} into ~/.aws/credentials as {@code [as]} (default PROFILE-session).
     */
    public CredentialsFileMode.Written writeSession(String profile, String as, Session session) {
        return credentialsFileMode().write(profileFiles(), profile, as, session, region(profile));
    }

    private CredentialsFileMode credentialsFileMode() {
        return new CredentialsFileMode(env, home.resolve("locks"), warnings);
    }

    /** What {@link #wire} did. */
    public record WireResult(String wiredProfile, boolean changed, Path backup) {
    }

    /**
     * Adds {@code [profile as]} to ~/.aws/config with only credential_process (this tokentray's
     * shim for {@code profile}) and region, so the AWS CLI and SDKs get sessions from tokentray. A
     * separate profile, because one that also has role_arn or source_profile would make the CLI
     * assume the role itself and never call the shim. Its default name is {@code profile} with
     * "-tokentray", in the characters every AWS SDK reads in a profile name.
     */
    public WireResult wire(String profile, String as, String launcher) {
        ProfilePlan plan = resolver().resolve(profile);
        String name = as != null ? as : wiredName(profile);
        if (name.equals(profile)) {
            throw new TokentrayException("--as must differ from '" + profile + "': a wired profile carries only"
                    + " credential_process and region");
        }
        if (!SDK_PROFILE_NAME.matcher(name).matches()) {
            throw new TokentrayException("--as " + name + ": a wired profile's name may hold only letters, digits and"
                    + " -_./%@ (the AWS SDKs ignore any other profile); pick another");
        }
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        settings.put("credential_process", CredentialProcessLine.of(launcher, profile, windows));
        settings.put("region", region(plan));
        Path config = env.awsConfigFile();
        Path backup = config.resolveSibling(config.getFileName() + ".tokentray-backup");
        try {
            boolean changed = FileLock.whileEditing(home.resolve("locks"), config, () -> ConfigFileEditor.putSection(
                    config, backup, name, settings, existing -> {
                        String served = Wiring.sourceOf(existing);
                        if (!existing.keySet().equals(settings.keySet()) || served == null) {
                            return false;
                        }
                        if (!served.equals(profile)) {
                            throw new TokentrayException("[profile " + name + "] is tokentray's wiring of profile '"
                                    + served + "'; pick another name for this one with --as");
                        }
                        return true;
                    }));
            return new WireResult(name, changed, changed ? backup : null);
        } catch (IOException e) {
            throw new TokentrayException(FileErrors.line("cannot write " + profileFiles().display(config), e,
                    "check its permissions"), e);
        }
    }

    /** A profile name as the AWS SDKs for Java, Go and others accept it (botocore takes more). */
    private static final Pattern SDK_PROFILE_NAME = Pattern.compile("[A-Za-z0-9_\\-/.%@]+");

    /** {@code profile} with "-tokentray", each run of characters an SDK would not read made one '-'. */
    static String wiredName(String profile) {
        String readable = profile.replaceAll("[^A-Za-z0-9_\\-/.%@]+", "-").replaceAll("^-+|-+$", "");
        return readable.isEmpty() ? "tokentray" : readable + "-tokentray";
    }

    /** When the cached MFA session of the device {@code serial} ends, or null when none is cached. */
    public java.time.Instant mfaSessionExpires(String serial) {
        Session session = sessionCache().get(SessionMaker.mfaKey(serial));
        return session == null ? null : session.expiration();
    }

    /** Every profile with where its keys are, its role, MFA device and cached session. */
    public List<ProfileStatus> overview() {
        AwsProfileFiles files = profileFiles();
        Set<String> inVault = new HashSet<>(vault.profiles());
        ProfileResolver resolver = new ProfileResolver(files, inVault);
        Set<String> names = new TreeSet<>(files.names());
        names.addAll(inVault);
        SessionCache cache = sessionCache();
        String active = env.defaultProfile();
        List<ProfileStatus> rows = new ArrayList<>();
        for (String name : names) {
            Session session = cache.get(SessionCache.profileKey(name));
            java.time.Instant expires = session == null ? null : session.expiration();
            ProfileValue writtenFrom = files.credentialsFileSettings(name).get(CredentialsFileEditor.SESSION_OF);
            if (writtenFrom != null) {
                // A session tokentray wrote there (write-credentials), not keys of their own.
                ProfileValue until = files.credentialsFileSettings(name).get("tokentray_expiration");
                rows.add(new ProfileStatus(name, name.equals(active), "session of " + writtenFrom.value()
                        + " (credentials file)", false, null, null, null, parseInstant(until), null, writtenFrom.value(),
                        null, null));
                continue;
            }
            try {
                ProfilePlan plan = resolver.resolve(name);
                RoleStep role = plan.finalRole();
                KeySource keys = plan.keys();
                String where = keys.profile().equals(name) ? keys.kind().label() : "via " + keys.profile();
                boolean plaintextCopy = keys.kind() == KeySource.Kind.VAULT && keys.profile().equals(name)
                        && isLongLivedKeyPair(files.credentialsFileSettings(name));
                rows.add(new ProfileStatus(name, name.equals(active), where, plaintextCopy,
                        role == null ? null : role.roleArn(), plan.effectiveMfa().serial(), plan.region(), expires, null,
                        null, null, UnlockedState.Needs.of(plan, false)).withSessionMade(ProfileStatus.SessionMade.of(session))
                        .withLineage(lineage(files, cache, plan)));
            } catch (NoKeysException e) {
                // Not a broken config: most people have a region-only [default]. It waits for keys.
                rows.add(new ProfileStatus(name, name.equals(active), null, false, null, null, null, expires, null,
                        null, e.profile(), null));
            } catch (ConfigException e) {
                rows.add(new ProfileStatus(name, name.equals(active), null, false, null, null, null, expires,
                        e.getMessage()));
            }
        }
        return withWiring(rows, Wiring.aliases(files, names));
    }

    /** The config key naming a profile's account for the window (AWS has no per-profile name for it). */
    public static final String ACCOUNT_ALIAS_KEY = "tokentray_account_alias";

    /** Where a resolved profile's credentials come from, read from the config and the cache only. */
    private static ProfileStatus.Lineage lineage(AwsProfileFiles files, SessionCache cache, ProfilePlan plan) {
        String alias = null;
        for (String name : plan.chain()) {
            ProfileValue named = files.settings(name).get(ACCOUNT_ALIAS_KEY);
            if (named != null && !named.value().isBlank()) {
                alias = named.value().strip();
                break;
            }
        }
        String serial = plan.effectiveMfa().serial();
        Session mfa = serial == null ? null : cache.get(SessionMaker.mfaKey(serial));
        return new ProfileStatus.Lineage(plan.chain(), plan.keys().kind().label(), alias,
                mfa == null ? null : mfa.expiration());
    }

    /** Notes on each row which profile it is tokentray's wiring of, and which profiles wire it. */
    private static List<ProfileStatus> withWiring(List<ProfileStatus> rows, Map<String, String> wiringOf) {
        Map<String, List<String>> wiredAs = new java.util.HashMap<>();
        wiringOf.forEach((alias, source) -> wiredAs.computeIfAbsent(source, s -> new ArrayList<>()).add(alias));
        rows.replaceAll(row -> row.withWiring(wiringOf.get(row.profile()), wiredAs.getOrDefault(row.profile(), List.of())));
        return rows;
    }

    private static java.time.Instant parseInstant(ProfileValue value) {
        try {
            return value == null ? null : java.time.Instant.parse(value.value());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isLongLivedKeyPair(Map<String, ProfileValue> s) {
        return s.containsKey("aws_access_key_id") && s.containsKey("aws_secret_access_key")
                && !s.containsKey("aws_session_token");
    }

    static void checkProfileName(String profile) {
        if (profile.isBlank() || profile.contains("\n") || profile.contains("[") || profile.contains("]")
                || !profile.strip().equals(profile)) {
            throw new TokentrayException("'" + profile + "' cannot be a profile name; use letters, digits and -_.@");
        }
    }

    private static void checkKeyPair(String profile, String accessKeyId, char[] secret) {
        if (accessKeyId == null || !ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
            throw new TokentrayException("profile '" + profile + "': the access key ID must be 16-128 capital letters"
                    + " and digits (like AKIAIOSFODNN7EXAMPLE); check what you pasted");
        }
        if (accessKeyId.startsWith("ASIA")) {
            throw new TokentrayException("profile '" + profile + "': " + accessKeyId.substring(0, 4) + "… is a temporary"
                    + " key; store a long-lived key (AKIA…) instead");
        }
        boolean blank = secret.length == 0;
        for (char c : secret) {
            blank |= Character.isWhitespace(c);
        }
        if (blank) {
            throw new TokentrayException("profile '" + profile + "': the secret access key is empty or has spaces;"
                    + " paste it again");
        }
    }
}
