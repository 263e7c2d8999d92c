package dev.tokentray.mfa;

import dev.tokentray.fs.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Remembers, per MFA device, a hash of the last code sent to AWS and when, so the same TOTP code is
 * never sent twice (AWS rejects a reused code, and the second try would fail confusingly).
 * Stored as files so separate shim processes agree; callers hold the device's lock.
 */
public final class UsedCodes {
    /** A code is valid for its 30-second step, and AWS accepts the neighbouring steps too. */
    static final long REUSE_WINDOW_SECONDS = 90;

    private final Path dir;
    private final Clock clock;

    public UsedCodes(Path home, Clock clock) {
        this.dir = home.resolve("mfa-used");
        this.clock = clock;
    }

    public boolean wasUsed(String serial, String code) {
        try {
            Path file = fileFor(serial);
            if (!Files.exists(file)) {
                return false;
            }
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            long usedAt = Long.parseLong(parts[0]);
            return parts[1].equals(hash(serial, code)) && clock.instant().getEpochSecond() - usedAt < REUSE_WINDOW_SECONDS;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public void markUsed(String serial, String code) {
        try {
            AtomicFile.ensurePrivateDirectory(dir);
            AtomicFile.write(fileFor(serial), (clock.instant().getEpochSecond() + " " + hash(serial, code) + "\n")
                    .getBytes(StandardCharsets.US_ASCII), AtomicFile.OWNER_ONLY);
        } catch (IOException e) {
            // Losing this record only weakens the reuse check; the session itself is fine.
        }
    }

    private Path fileFor(String serial) {
        return dir.resolve(hash("device", serial).substring(0, 32));
    }

    private static String hash(String a, String b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(a.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(b.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
