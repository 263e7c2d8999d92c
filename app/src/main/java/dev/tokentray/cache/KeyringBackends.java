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
    /**
     * {@code java-keyring} makes the shim read the Secret Service through java-keyring, as before
     * {@link SecretServiceReader}: a way back should a Secret Service implementation not answer it,
     * and bench/shim's measure of what that costs.
     */
    public static final String READER_VARIABLE = "TOKENTRAY_KEYRING_READER";
    private static final String JAVA_KEYRING = "java-keyring";
    private static final String AUTO = "auto";
    private static final String FILE = "file";
    private static final String KEYCHAIN = "keychain";
    private static final String WINCRED = "wincred";
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
        String choice = requested(env, home);
        FileKeyringBackend files = new FileKeyringBackend(home.resolve("cache"));
        switch (choice) {
            case FILE:
                return files;
            case SecretServiceReader.ID:
            case KEYCHAIN:
            case WINCRED:
                return probed(typeOf(choice), choice);
            case AUTO:
                String native_ = nativeId();
                if (native_ == null) {
                    warn.accept("warning: no OS keyring is known on this system; caching sessions in " + files.directory()
                            + " (files readable only by you)");
                    return files;
                }
                try {
                    return probed(typeOf(native_), native_);
                } catch (KeyringException e) {
                    warn.accept("warning: " + JavaKeyringBackend.describe(typeOf(native_)) + " did not answer; caching"
                            + " sessions in " + files.directory() + " (files readable only by you)");
                    return files;
                }
            default:
                throw new TokentrayException(VARIABLE + "=" + choice + " is not a keyring backend; use auto,"
                        + " secret-service, keychain, wincred or file");
        }
    }

    /**
     * What the credential_process shim reads a cached session from, chosen by the rule
     * {@link #select} follows ({@link #requested}, with auto meaning this OS's own keyring) but
     * without probing the keyring, and for the Secret Service through {@link SecretServiceReader}
     * rather than java-keyring, whose start-up would cost every AWS call ~600 ms. The Keychain and
     * the Credential Manager are read through java-keyring's store directly. Read-only: whatever
     * this does not answer (null, or a {@link KeyringException} from it or its load), the full
     * CLI handles with {@link #select}, as before.
     *
     * @return the backend, or null when the choice names none (the full CLI says so)
     * @throws dev.tokentray.fs.UntrustedPathException when {@code home} is not this user's own
     */
    public static KeyringBackend reader(Env env, Path home) {
        TrustedPaths.home(home);
        String choice = requested(env, home);
        boolean auto = choice.equals(AUTO);
        String id = auto ? nativeId() : choice;
        FileKeyringBackend files = new FileKeyringBackend(home.resolve("cache"));
        if (id == null || id.equals(FILE)) {
            // auto where no OS keyring is known: select() uses the files too.
            return files;
        }
        switch (id) {
            case SecretServiceReader.ID:
                // Through java-keyring only when asked, and then exactly as select() opens it.
                if (JAVA_KEYRING.equals(env.get(READER_VARIABLE))) {
                    return probed(typeOf(id), id);
                }
                return auto ? new SecretServiceOrFiles(new SecretServiceReader(env), files) : new SecretServiceReader(env);
            case KEYCHAIN:
            case WINCRED:
                return JavaKeyringBackend.open(typeOf(id), id);
            default:
                return null;
        }
    }

    /**
     * The keyring asked for: TOKENTRAY_KEYRING, else the settings file's {@code keyring}, else
     * auto; in lower case, and not checked (it may name no backend).
     */
    static String requested(Env env, Path home) {
        String fromSettings = env.get(VARIABLE) == null ? settingsChoice(home) : null;
        return env.getOrDefault(VARIABLE, fromSettings != null ? fromSettings : AUTO).toLowerCase(Locale.ROOT);
    }

    /** The id of this OS's own keyring (secret-service, keychain or wincred), or null where none is known. */
    public static String nativeId() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return KEYCHAIN;
        }
        if (os.contains("win")) {
            return WINCRED;
        }
        if (os.contains("linux") || os.contains("bsd")) {
            return SecretServiceReader.ID;
        }
        return null;
    }

    /** java-keyring's name for the keyring {@code id} (secret-service, keychain or wincred). */
    private static KeyringStorageType typeOf(String id) {
        return switch (id) {
            case KEYCHAIN -> KeyringStorageType.OSX_KEYCHAIN;
            case WINCRED -> KeyringStorageType.WINDOWS_CREDENTIAL_STORE;
            default -> KeyringStorageType.GNOME_KEYRING;
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

    /**
     * auto's read where the OS keyring is the Secret Service: the keyring, or the file cache when
     * there is no Secret Service at all, where {@link #select} falls back to the files too (its
     * one-line warning is the full CLI's to print). Read-only, like the reader.
     */
    private static final class SecretServiceOrFiles implements KeyringBackend {
        private final SecretServiceReader keyring;
        private final FileKeyringBackend files;

        SecretServiceOrFiles(SecretServiceReader keyring, FileKeyringBackend files) {
            this.keyring = keyring;
            this.files = files;
        }

        @Override
        public String id() {
            return AUTO;
        }

        @Override
        public String displayName() {
            return keyring.displayName() + ", else " + files.displayName();
        }

        @Override
        public char[] load(String key) {
            try {
                return keyring.load(key);
            } catch (SecretServiceReader.Absent e) {
                return files.load(key);
            }
        }

        @Override
        public void store(String key, char[] secret) {
            keyring.store(key, secret);
        }

        @Override
        public void delete(String key) {
            keyring.delete(key);
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
