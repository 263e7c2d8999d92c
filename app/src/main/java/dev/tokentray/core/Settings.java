package dev.tokentray.core;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.KeyringBackends;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.FileErrors;
import dev.tokentray.fs.TrustedPaths;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The tray's settings, in TOKENTRAY_HOME/settings.properties. The keyring choice is read by every
 * face (the shim too), so the tray and the shim always share one cache; TOKENTRAY_KEYRING still
 * wins when set.
 *
 * @param notifyLead  how long before expiry the "expires soon" notice comes (1-60 min)
 * @param autoRefresh renew role sessions before the 15-minute mark while no code is needed
 * @param keyring     auto, secret-service, keychain, wincred or file
 * @param startAtLogin start the tray when the person logs in
 * @param agent       let the shim start the headless agent when no agent runs (as TOKENTRAY_AGENT,
 *                    which also turns it off); the shim reads it from the file itself
 */
public record Settings(Duration notifyLead, boolean autoRefresh, String keyring, boolean startAtLogin, boolean agent) {
    public static final String FILE_NAME = KeyringBackends.SETTINGS_FILE;
    public static final List<String> KEYRINGS = List.of("auto", "secret-service", "keychain", "wincred", "file");
    public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(10), true, "auto", false, true);
    /** The key of {@link #agent}: {@code on} or {@code off}. */
    private static final String AGENT_KEY = "agent";

    public Settings {
        if (notifyLead.compareTo(Duration.ofMinutes(1)) < 0 || notifyLead.compareTo(Duration.ofMinutes(60)) > 0) {
            throw new TokentrayException("the notification lead time must be 1 to 60 minutes, not "
                    + notifyLead.toMinutes());
        }
        if (!KEYRINGS.contains(keyring)) {
            throw new TokentrayException("keyring '" + keyring + "' is not one of " + String.join(", ", KEYRINGS));
        }
    }

    /** The keyring choices that can work on this OS: auto, its own keyring (if it has one known), file. */
    public static List<String> keyringsHere() {
        String own = KeyringBackends.nativeId();
        return own == null ? List.of("auto", "file") : List.of("auto", own, "file");
    }

    /** A keyring choice as people call it ("macOS Keychain"), for the Settings window. */
    public static String keyringName(String id) {
        return switch (id) {
            case "auto" -> "Automatic (this system's keyring, else files)";
            case "secret-service" -> "GNOME Keyring / Secret Service";
            case "keychain" -> "macOS Keychain";
            case "wincred" -> "Windows Credential Manager";
            case "file" -> "Files only you can read (not encrypted)";
            default -> id;
        };
    }

    public Settings withNotifyLead(Duration lead) {
        return new Settings(lead, autoRefresh, keyring, startAtLogin, agent);
    }

    public Settings withAutoRefresh(boolean on) {
        return new Settings(notifyLead, on, keyring, startAtLogin, agent);
    }

    public Settings withKeyring(String choice) {
        return new Settings(notifyLead, autoRefresh, choice, startAtLogin, agent);
    }

    public Settings withStartAtLogin(boolean on) {
        return new Settings(notifyLead, autoRefresh, keyring, on, agent);
    }

    public Settings withAgent(boolean on) {
        return new Settings(notifyLead, autoRefresh, keyring, startAtLogin, on);
    }

    /**
     * Whether the settings in {@code home} let the shim start the headless agent: no, when they say
     * {@code agent=off}. Read by the shim only when no agent answered, without the checks of
     * {@link #load} (a bad value elsewhere in the file is the tray's to report); a settings file
     * that another user could have written says no.
     */
    public static boolean agentAllowed(Path home) {
        try {
            Path file = home.resolve(FILE_NAME);
            if (!TrustedPaths.file(file)) {
                return true;
            }
            byte[] bytes = AtomicFile.readIfExists(file);
            if (bytes == null) {
                return true;
            }
            Properties p = new Properties();
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            return !isOff(p.getProperty(AGENT_KEY, "on"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isOff(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.equals("off") || v.equals("false");
    }

    private static boolean agentValue(Properties p) {
        String v = p.getProperty(AGENT_KEY, "on").strip().toLowerCase(Locale.ROOT);
        if (!List.of("on", "off", "true", "false").contains(v)) {
            throw new TokentrayException(AGENT_KEY + " must be on or off, not '" + v + "'");
        }
        return !isOff(v);
    }

    /** The settings in {@code home}, the defaults where a key is missing; a bad value names the file and key. */
    public static Settings load(Path home) {
        Path file = home.resolve(FILE_NAME);
        Properties p = new Properties();
        try {
            byte[] bytes = AtomicFile.readIfExists(file);
            if (bytes == null) {
                return DEFAULTS;
            }
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new TokentrayException("cannot read " + file + " (" + e.getClass().getSimpleName() + "); check its permissions", e);
        }
        try {
            return new Settings(
                    Duration.ofMinutes(Long.parseLong(p.getProperty("notify.lead.minutes", "10").strip())),
                    Boolean.parseBoolean(p.getProperty("auto.refresh", "true").strip()),
                    p.getProperty(KeyringBackends.SETTINGS_KEY, "auto").strip(),
                    Boolean.parseBoolean(p.getProperty("start.at.login", "false").strip()),
                    agentValue(p));
        } catch (NumberFormatException | TokentrayException e) {
            throw new TokentrayException(file + ": " + e.getMessage() + "; fix or delete the file", e);
        }
    }

    public void save(Path home) {
        Properties p = new Properties();
        p.setProperty("notify.lead.minutes", Long.toString(notifyLead.toMinutes()));
        p.setProperty("auto.refresh", Boolean.toString(autoRefresh));
        p.setProperty(KeyringBackends.SETTINGS_KEY, keyring);
        p.setProperty("start.at.login", Boolean.toString(startAtLogin));
        p.setProperty(AGENT_KEY, agent ? "on" : "off");
        StringWriter text = new StringWriter();
        try {
            p.store(text, "tokentray settings (the tray's Settings window writes this file)");
            AtomicFile.ensurePrivateDirectory(home);
            AtomicFile.write(home.resolve(FILE_NAME), text.toString().getBytes(StandardCharsets.UTF_8), AtomicFile.OWNER_ONLY);
        } catch (IOException e) {
            throw new TokentrayException(FileErrors.line("cannot write " + home.resolve(FILE_NAME), e,
                    "check the permissions of " + home), e);
        }
    }
}
