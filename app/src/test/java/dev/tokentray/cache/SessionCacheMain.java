package dev.tokentray.cache;

import dev.tokentray.Env;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Drives the session cache from a child process, so it connects to the keyring named by its own
 * environment (D-Bus address, TOKENTRAY_KEYRING): {@code backend}, {@code put KEY} (session as
 * "id secret token expiry" on stdin), {@code get KEY}, {@code delete KEY}.
 */
public final class SessionCacheMain {
    private SessionCacheMain() {
    }

    public static void main(String[] args) throws IOException {
        Env env = Env.system();
        SessionCache cache = new SessionCache(KeyringBackends.select(env, env.tokentrayHome(), System.err::println));
        switch (args[0]) {
            case "backend" -> System.out.println(cache.backend().id());
            case "put" -> {
                String[] f = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
                cache.put(args[1], new Session(f[0], f[1], f[2], Instant.parse(f[3])));
            }
            case "get" -> {
                Session s = cache.get(args[1]);
                System.out.println(s == null ? "none" : s.accessKeyId() + " " + s.secretAccessKey() + " "
                        + s.sessionToken() + " " + s.expiration());
            }
            case "delete" -> cache.remove(args[1]);
            default -> throw new IllegalArgumentException(args[0]);
        }
        // dbus-java leaves non-daemon threads behind; the CLI's Main exits the same way.
        System.exit(0);
    }
}
