package dev.tokentray.fs;

import dev.tokentray.Env;
import dev.tokentray.cache.Session;
import dev.tokentray.core.Tokentray;
import dev.tokentray.vault.KdfParams;
import dev.tokentray.vault.Vault;
import dev.tokentray.vault.VaultEntry;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * A separate process that writes one of tokentray's files over and over through its public API,
 * for tests and bench/crash that need a second writer or a writer to kill. Write number N puts
 * N (16 digits) in the file; once a write has returned, N is appended to REPORT in one write(),
 * which survives a SIGKILL. The environment (HOME, TOKENTRAY_HOME, AWS_*) says where the files are.
 * <ul>
 * <li>{@code credentials PROFILE REPORT FIRST COUNT}: write-credentials of PROFILE's session N;
 * <li>{@code config PROFILE REPORT FIRST COUNT}: wire PROFILE with launcher N;
 * <li>{@code vault REPORT FIRST COUNT}: the vault's entry "counter" set to N (password from
 * TEST_VAULT_PASSWORD, never an argument).
 * </ul>
 */
public final class FileWriterMain {
    public static final KdfParams TEST_KDF = new KdfParams(64, 1, 1);

    private FileWriterMain() {
    }

    public static void main(String[] args) {
        String kind = args[0];
        boolean vault = kind.equals("vault");
        String profile = vault ? null : args[1];
        int at = vault ? 1 : 2;
        String report = args[at];
        long first = Long.parseLong(args[at + 1]);
        long count = Long.parseLong(args[at + 2]);
        Env env = Env.system();
        Tokentray engine = new Tokentray(env, TEST_KDF, Clock.systemUTC(), warning -> System.err.println(warning));
        try (FileOutputStream out = new FileOutputStream(report, true)) {
            for (long n = first; n < first + count; n++) {
                switch (kind) {
                    case "credentials" -> engine.writeSession(profile, null, session(n));
                    case "config" -> engine.wire(profile, null, launcher(n));
                    case "vault" -> setCounter(new Vault(env.tokentrayHome(), TEST_KDF), n);
                    default -> throw new IllegalArgumentException(kind);
                }
                out.write((n + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Session N: every part carries N, and it is long enough that writing it takes a while. */
    public static Session session(long n) {
        String id = digits(n);
        return new Session("ASIA" + id, "secret-" + id + "-" + "s".repeat(40), "token-" + id + "-" + "t".repeat(2000),
                Instant.parse("2099-01-01T00:00:00Z"));
    }

    public static String launcher(long n) {
        return "/opt/tokentray-" + digits(n) + "/bin/tokentray";
    }

    public static String digits(long n) {
        return String.format("%016d", n);
    }

    private static void setCounter(Vault vault, long n) {
        char[] password = System.getenv("TEST_VAULT_PASSWORD").toCharArray();
        vault.update(password, contents -> {
            contents.put(new VaultEntry("counter", "AKIA" + digits(n), ("secret-" + n).toCharArray(), Instant.EPOCH));
            return null;
        });
    }
}
