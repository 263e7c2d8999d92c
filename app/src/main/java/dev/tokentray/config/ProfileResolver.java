package dev.tokentray.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a profile name into a {@link ProfilePlan}, following the AWS CLI's rules for
 * source_profile and role_arn, plus aws-vault's include_profile and mfa_process.
 */
public final class ProfileResolver {
    public static final int MIN_DURATION_SECONDS = 900;
    public static final int MAX_DURATION_SECONDS = 43_200;
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    /**
     * How many profiles a source_profile or include_profile chain may pass through. Real chains
     * are a handful long; a deeper one is a mistake or a hostile file, and is refused before it
     * could exhaust the stack (the AWS CLI itself gives up at a few hundred).
     */
    static final int MAX_CHAIN = 64;

    private final AwsProfileFiles files;
    private final Set<String> vaultProfiles;

    /**
     * @param vaultProfiles the profiles whose keys tokentray's vault holds (readable without the
     *                      password); a vault-only profile needs no section in the AWS files
     */
    public ProfileResolver(AwsProfileFiles files, Set<String> vaultProfiles) {
        this.files = files;
        this.vaultProfiles = Set.copyOf(vaultProfiles);
    }

    public boolean exists(String profile) {
        return files.contains(profile) || vaultProfiles.contains(profile);
    }

    public ProfilePlan resolve(String profile) {
        if (!exists(profile)) {
            throw new ConfigException("profile '" + profile + "' is not in " + files.display(files.configFile())
                    + ", " + files.display(files.credentialsFile()) + " or the vault; run `tokentray list` to see profiles");
        }
        return resolve(profile, new ArrayList<>());
    }

    private ProfilePlan resolve(String profile, List<String> path) {
        path.add(profile);
        checkDepth(path, "source_profile");
        Map<String, ProfileValue> s = effectiveSettings(profile);
        String roleArn = value(s, "role_arn");
        String region = value(s, "region");

        if (roleArn == null) {
            return baseKeys(profile, s);
        }
        RoleStep step = roleStep(profile, s, roleArn);
        String source = value(s, "source_profile");
        if (source == null) {
            if (value(s, "credential_source") != null) {
                throw error(s, "credential_source", profile,
                        "credential_source is not supported; use source_profile with a profile that has keys");
            }
            throw new ConfigException("profile '" + profile + "' has role_arn but no source_profile in "
                    + files.display(files.configFile()) + "; add source_profile = <profile with keys>");
        }
        ProfilePlan inner;
        if (source.equals(profile)) {
            // The AWS CLI lets a profile name itself as source when it also holds the keys.
            inner = baseKeys(profile, s);
        } else {
            if (!exists(source)) {
                throw error(s, "source_profile", profile, "source_profile '" + source
                        + "' is not defined; add a [profile " + source + "] or fix the name");
            }
            if (path.contains(source)) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(source), path.size()));
                cycle.add(source);
                throw error(s, "source_profile", profile, "source_profile forms a cycle "
                        + String.join(" -> ", cycle) + "; point one of them at a profile with keys");
            }
            inner = resolve(source, path);
        }
        List<RoleStep> roles = new ArrayList<>(inner.roles());
        roles.add(step);
        List<String> chain = new ArrayList<>();
        chain.add(profile);
        if (!source.equals(profile)) {
            chain.addAll(inner.chain());
        }
        return new ProfilePlan(profile, chain, inner.keys(), inner.baseMfa(), inner.sessionDuration(), roles,
                region != null ? region : inner.region());
    }

    /**
     * Whether {@code profile} has nothing to get credentials from: no role_arn, no keys in the
     * vault or the AWS files, no credential_process (a region-only {@code [default]} is one).
     */
    public boolean lacksKeys(String profile) {
        if (!exists(profile)) {
            return false;
        }
        Map<String, ProfileValue> s = effectiveSettings(profile);
        return value(s, "role_arn") == null && keySource(profile, s) == null;
    }

    /** Where a profile without a role gets its keys, or null when it has none. */
    private KeySource keySource(String profile, Map<String, ProfileValue> s) {
        boolean hasStatic = value(s, "aws_access_key_id") != null && value(s, "aws_secret_access_key") != null;
        if (vaultProfiles.contains(profile)) {
            return new KeySource(KeySource.Kind.VAULT, profile, null);
        } else if (hasStatic) {
            boolean inCredentials = files.credentialsFileSettings(profile).containsKey("aws_secret_access_key");
            return new KeySource(inCredentials ? KeySource.Kind.CREDENTIALS_FILE : KeySource.Kind.CONFIG_FILE,
                    profile, null);
        } else if (value(s, "credential_process") != null) {
            return new KeySource(KeySource.Kind.CREDENTIAL_PROCESS, profile, value(s, "credential_process"));
        }
        return null;
    }

    private ProfilePlan baseKeys(String profile, Map<String, ProfileValue> s) {
        KeySource keys = keySource(profile, s);
        if (keys == null) {
            throw new NoKeysException(profile);
        }
        return new ProfilePlan(profile, List.of(profile), keys, mfaSettings(s),
                duration(s, profile), List.of(), value(s, "region"));
    }

    private RoleStep roleStep(String profile, Map<String, ProfileValue> s, String roleArn) {
        String externalId = value(s, "external_id");
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            throw error(s, "external_id", profile,
                    "external_id must be 2-1224 characters of letters, digits and +=,.@:/-");
        }
        String sessionName = value(s, "role_session_name");
        if (sessionName != null && !SESSION_NAME.matcher(sessionName).matches()) {
            throw error(s, "role_session_name", profile,
                    "role_session_name must be 2-64 characters of letters, digits and +=,.@_-");
        }
        return new RoleStep(profile, roleArn, externalId, sessionName, duration(s, profile), mfaSettings(s));
    }

    private static MfaSettings mfaSettings(Map<String, ProfileValue> s) {
        return new MfaSettings(value(s, "mfa_serial"), value(s, "mfa_process"),
                value(s, "yubikey_serial"), value(s, "yubikey_oath_account"));
    }

    private Duration duration(Map<String, ProfileValue> s, String profile) {
        String raw = value(s, "duration_seconds");
        if (raw == null) {
            return null;
        }
        try {
            int seconds = Integer.parseInt(raw);
            if (seconds >= MIN_DURATION_SECONDS && seconds <= MAX_DURATION_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(s, "duration_seconds", profile, "duration_seconds '" + raw
                + "' must be whole seconds from " + MIN_DURATION_SECONDS + " to " + MAX_DURATION_SECONDS);
    }

    /**
     * The profile's own settings laid over those of the profiles it includes (aws-vault's
     * include_profile), so an included value applies unless the profile sets its own.
     */
    Map<String, ProfileValue> effectiveSettings(String profile) {
        return effectiveSettings(profile, new ArrayList<>());
    }

    private Map<String, ProfileValue> effectiveSettings(String profile, List<String> path) {
        Map<String, ProfileValue> own = files.settings(profile);
        String include = value(own, "include_profile");
        if (include == null) {
            return own;
        }
        path.add(profile);
        checkDepth(path, "include_profile");
        if (path.contains(include)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(include), path.size()));
            cycle.add(include);
            throw error(own, "include_profile", profile, "include_profile forms a cycle "
                    + String.join(" -> ", cycle) + "; remove one include_profile");
        }
        if (!files.contains(include)) {
            throw error(own, "include_profile", profile, "include_profile '" + include
                    + "' is not defined; add a [profile " + include + "] or fix the name");
        }
        Map<String, ProfileValue> merged = new LinkedHashMap<>(effectiveSettings(include, path));
        merged.putAll(own);
        merged.remove("include_profile");
        return merged;
    }

    private void checkDepth(List<String> path, String key) {
        if (path.size() > MAX_CHAIN) {
            throw new ConfigException(files.display(files.configFile()) + ": profile '" + path.get(0) + "': its " + key
                    + " chain passes through more than " + MAX_CHAIN + " profiles (" + path.get(0) + " -> "
                    + path.get(1) + " -> … -> " + path.get(path.size() - 1) + "); shorten it");
        }
    }

    private static String value(Map<String, ProfileValue> s, String key) {
        ProfileValue v = s.get(key);
        return v == null || v.value().isEmpty() ? null : v.value();
    }

    private ConfigException error(Map<String, ProfileValue> s, String key, String profile, String problem) {
        ProfileValue v = s.get(key);
        String where = v == null ? files.display(files.configFile())
                : files.display(v.file()) + (v.line() > 0 ? " line " + v.line() : "");
        return new ConfigException(where + ": profile '" + profile + "': " + problem);
    }
}
