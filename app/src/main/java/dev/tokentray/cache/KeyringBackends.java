package dev.tokentray.cache;

import com.github.javakeyring.KeyringStorageType;
import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.TrustedPaths;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Chooses the keyring backend from TOKENTRAY_KEYRING: auto, secret-service, keychain, wincred or file. */
public final class KeyringBackends {
    public static final String VARIABLE = "TOKENTRAY_KEYRING";
    /** The tray's settings file (see core.Settings), whose keyring key applies when the variable is unset. */
    public static final String SETTINGS_FILE = "settings.properties";
    public static final String SETTINGS_KEY = "keyring";
    /** A keyring that has not answered in this long is treated as absent rather than hanging the caller. */
    private static final long PROBE_SECONDS = 10;

    private KeyringBackends() {
    }

    /**
     * @param warn receives the one-line warning printed when {@code auto} falls back to files
     * @throws dev.tokentray.fs.UntrustedPathException when {@code home} or the settings in it are
     *     not this user's own
     */
    public static KeyringBackend select(Env env, Path home, Consumer<String> warn) {
        TrustedPaths.home(home);
        String fromSettings = env.get(VARIABLE) == null ? settingsChoice(home) : null;
        String choice = env.getOrDefault(VARIABLE, fromSettings != null ? fromSettings : "auto").toLowerCase(Locale.ROOT);
        FileKeyringBackend files = new FileKeyringBackend(home.resolve("cache"));
        switch (choice) {
            case "file":
                return files;
            case "secret-service":
                return probed(KeyringStorageType.GNOME_KEYRING, choice);
            case "keychain":
                return probed(KeyringStorageType.OSX_KEYCHAIN, choice);
            case "wincred":
                return probed(KeyringStorageType.WINDOWS_CREDENTIAL_STORE, choice);
            case "auto":
                KeyringStorageType native_ = nativeType();
                if (native_ == null) {
                    warn.accept("warning: no OS keyring is known on this system; caching sessions in " + files.directory()
                            + " (files readable only by you)");
                    return files;
                }
                try {
                    return probed(native_, nameOf(native_));
                } catch (KeyringException e) {
                    warn.accept("warning: " + JavaKeyringBackend.describe(native_) + " did not answer; caching"
                            + " sessions in " + files.directory() + " (files readable only by you)");
                    return files;
                }
            default:
                throw new TokentrayException(VARIABLE + "=" + choice + " is not a keyring backend; use auto,"
                        + " secret-service, keychain, wincred or file");
        }
    }

    /** The id of this OS's own keyring (secret-service, keychain or wincred), or null where none is known. */
    public static String nativeId() {
        KeyringStorageType type = nativeType();
        return type == null ? null : nameOf(type);
    }

    private static KeyringStorageType nativeType() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return KeyringStorageType.OSX_KEYCHAIN;
        }
        if (os.contains("win")) {
            return KeyringStorageType.WINDOWS_CREDENTIAL_STORE;
        }
        if (os.contains("linux") || os.contains("bsd")) {
            return KeyringStorageType.GNOME_KEYRING;
        }
        return null;
    }

    private static String nameOf(KeyringStorageType type) {
        return switch (type) {
            case GNOME_KEYRING, KWALLET -> "secret-service";
            case OSX_KEYCHAIN, LEGACY_OSX_KEYCHAIN -> "keychain";
            case WINDOWS_CREDENTIAL_STORE -> "wincred";
        };
    }

    /**
     * Connects and reads one absent item, so a keyring that is present but locked or broken is
     * found now, with a clear message, rather than in the middle of caching a session. A keyring
     * that hangs (a prompt nobody can see) counts as not answering.
     */
    private static KeyringBackend probed(KeyringStorageType type, String id) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "keyring-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<KeyringBackend> probe = executor.submit(() -> {
                JavaKeyringBackend backend = JavaKeyringBackend.open(type, id);
                backend.load("probe");
                return backend;
            });
            return probe.get(PROBE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KeyringException k) {
                throw k;
            }
            throw new KeyringException(JavaKeyringBackend.describe(type) + " failed ("
                    + e.getCause().getClass().getSimpleName() + "); set TOKENTRAY_KEYRING=file", e.getCause());
        } catch (TimeoutException e) {
            throw new KeyringException(JavaKeyringBackend.describe(type) + " did not answer in " + PROBE_SECONDS
                    + " s; unlock it, or set TOKENTRAY_KEYRING=file");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyringException("interrupted while connecting to " + JavaKeyringBackend.describe(type));
        } finally {
            executor.shutdownNow();
        }
    }

    /** The keyring named in the settings file, or null; read on the shim's path, so no validation here. */
    static String settingsChoice(Path home) {
        Path settings = home.resolve(SETTINGS_FILE);
        if (!TrustedPaths.file(settings)) {
            return null;
        }
        try {
            byte[] bytes = AtomicFile.readIfExists(settings);
            if (bytes == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            String choice = p.getProperty(SETTINGS_KEY);
            return choice == null || choice.isBlank() ? null : choice.strip();
        } catch (IOException e) {
            return null;
        }
    }
}
