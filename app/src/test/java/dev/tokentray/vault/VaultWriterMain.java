package dev.tokentray.vault;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A separate process that writes the vault, for tests that need a second writer or a writer to
 * kill. {@code loop HOME REPORT}: bump a counter entry forever, appending each value to REPORT
 * once its write has returned. {@code add HOME PREFIX N}: add N profiles PREFIX-0 … PREFIX-(N-1), one update each.
 * The password is read from the environment, never from the arguments.
 */
public final class VaultWriterMain {
    static final KdfParams TEST_KDF = new KdfParams(64, 1, 1);

    private VaultWriterMain() {
    }

    public static void main(String[] args) {
        Vault vault = new Vault(Path.of(args[1]), TEST_KDF);
        char[] password = System.getenv("TEST_VAULT_PASSWORD").toCharArray();
        switch (args[0]) {
            case "loop" -> {
                // Each value is appended to the report file in one write() once its update has
                // returned: what the file holds survives a SIGKILL, unlike a pipe read by a thread
                // of a parent that races the JDK's drain of the dead child's output.
                try (FileOutputStream report = new FileOutputStream(args[2], true)) {
                    for (long n = 0; ; n++) {
                        long next = vault.update(password, contents -> {
                            VaultEntry current = contents.get("counter");
                            long value = current == null ? 1 : counterOf(current) + 1;
                            contents.put(counterEntry(value));
                            return value;
                        });
                        report.write((next + "\n").getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "add" -> {
                int count = Integer.parseInt(args[3]);
                for (int i = 0; i < count; i++) {
                    String profile = args[2] + "-" + i;
                    vault.update(password, contents -> {
                        contents.put(new VaultEntry(profile, "AKIA" + "0".repeat(16), ("s-" + profile).toCharArray(),
                                Instant.EPOCH));
                        return null;
                    });
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static VaultEntry counterEntry(long value) {
        return new VaultEntry("counter", String.format("AKIA%016d", value), ("secret-" + value).toCharArray(),
                Instant.EPOCH);
    }

    static long counterOf(VaultEntry entry) {
        return Long.parseLong(entry.accessKeyId().substring(4));
    }
}
