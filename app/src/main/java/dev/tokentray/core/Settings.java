package dev.tokentray.core;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.KeyringBackends;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.FileErrors;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 */
public record Settings(Duration notifyLead, boolean autoRefresh, String keyring, boolean startAtLogin) {
    public static final String FILE_NAME = KeyringBackends.SETTINGS_FILE;
    public static final List<String> KEYRINGS = List.of("auto", "secret-service", "keychain", "wincred", "file");
    public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(10), true, "auto", false);

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
        return new Settings(lead, autoRefresh, keyring, startAtLogin);
    }

    public Settings withAutoRefresh(boolean on) {
        return new Settings(notifyLead, on, keyring, startAtLogin);
    }

    public Settings withKeyring(String choice) {
        return new Settings(notifyLead, autoRefresh, choice, startAtLogin);
    }

    public Settings withStartAtLogin(boolean on) {
        return new Settings(notifyLead, autoRefresh, keyring, on);
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
                    Boolean.parseBoolean(p.getProperty("start.at.login", "false").strip()));
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
