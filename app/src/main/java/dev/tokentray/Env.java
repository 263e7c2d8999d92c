package dev.tokentray;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The process environment as tokentray reads it. Passed around instead of calling
 * {@link System#getenv} so that every path and setting can be pointed elsewhere by a caller
 * (tests, the tray starting a child) without touching global state.
 */
public final class Env {
    /** The vault password, for automation only. */
    public static final String VAULT_PASSWORD = "TOKENTRAY_VAULT_PASSWORD";
    /** Every variable that hands tokentray a secret: none is passed on to a process it starts. */
    public static final Set<String> SECRETS = Set.of(VAULT_PASSWORD);

    private final Map<String, String> vars;
    /** The OS's name as {@code os.name} gives it, lower case: where the AWS CLI and tokentray keep things depends on it. */
    private final String os;

    public Env(Map<String, String> vars) {
        this(vars, System.getProperty("os.name", ""));
    }

    /** The environment {@code vars} as a process on the OS named {@code osName} (an {@code os.name} value) sees it. */
    public Env(Map<String, String> vars, String osName) {
        this.vars = Map.copyOf(vars);
        this.os = osName.toLowerCase(Locale.ROOT);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String get(String name) {
        String value = vars.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    public String getOrDefault(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    public Map<String, String> asMap() {
        return vars;
    }

    /**
     * The user's home as the AWS CLI finds it, so that {@code ~/.aws} is the directory the CLI
     * reads: botocore expands {@code ~} with Python's os.path.expanduser, which on Windows (Python
     * 3.8 and later, bundled by AWS CLI v2) takes USERPROFILE, else HOMEDRIVE + HOMEPATH, and
     * ignores HOME (Git Bash and MSYS set one of their own); elsewhere it takes HOME. Without
     * those, the JVM's user.home: the account's home directory.
     */
    public Path home() {
        String home;
        if (windows()) {
            home = get("USERPROFILE");
            if (home == null && get("HOMEPATH") != null) {
                home = getOrDefault("HOMEDRIVE", "") + get("HOMEPATH");
            }
        } else {
            home = get("HOME");
        }
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }

    /** Expands a leading {@code ~} the way the AWS CLI expands paths in its settings. */
    public Path expand(String path) {
        if (path.equals("~")) {
            return home();
        }
        if (path.startsWith("~/") || path.startsWith("~\\")) {
            return home().resolve(path.substring(2));
        }
        return Path.of(path);
    }

    /** Where all of tokentray's state lives: vault, settings, file cache, locks, agent socket. */
    public Path tokentrayHome() {
        String explicit = get("TOKENTRAY_HOME");
        if (explicit != null) {
            return expand(explicit);
        }
        if (os.contains("mac")) {
            return home().resolve("Library/Application Support/tokentray");
        }
        if (windows()) {
            String appData = get("APPDATA");
            return appData != null ? Path.of(appData, "tokentray") : home().resolve("AppData/Roaming/tokentray");
        }
        String dataHome = get("XDG_DATA_HOME");
        return (dataHome != null ? Path.of(dataHome) : home().resolve(".local/share")).resolve("tokentray");
    }

    private boolean windows() {
        return os.startsWith("windows");
    }

    public Path awsConfigFile() {
        return expand(getOrDefault("AWS_CONFIG_FILE", "~/.aws/config"));
    }

    public Path awsCredentialsFile() {
        return expand(getOrDefault("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"));
    }

    /** The profile a command works on when none is named: AWS_PROFILE, else "default". */
    public String defaultProfile() {
        return getOrDefault("AWS_PROFILE", getOrDefault("AWS_DEFAULT_PROFILE", "default"));
    }
}
