package dev.tokentray.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokentray.testing.CorpusReplayed;
import dev.tokentray.testing.FuzzSeeds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A vault file from anywhere (a backup, a synced folder, another user's plant) against the code
 * that opens it. Three ways in: the file's bytes as they are; the same with the header's digest
 * made to match, as a forger would, so the parameters and lengths behind it are reached; and a
 * body that decrypts (the payload parser sees what only a holder of the password could write).
 * Refusal is only ever a {@link VaultException} (one line), and never takes long: the costliest
 * header the reader accepts (four default unlocks, about 2 s on an idle 2-core machine, 7 s seen
 * under load) stays well inside the limit per input, while a header that is not capped would not.
 */
@ExtendWith(CorpusReplayed.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VaultFuzzTest {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    /** Seeds are written at this cost, so a fuzzed file that keeps them opens in microseconds. */
    private static final KdfParams CHEAP = new KdfParams(64, 1, 1);
    private static final int DIGEST_BYTES = 8;

    /** An empty vault's header and its keys, under which {@link #payload} encrypts its input. */
    private static final class Sealed {
        static final byte[] FILE = VaultCodec.seal(new VaultContents(), PASSWORD, CHEAP);
        static final VaultCodec.Header HEADER = VaultCodec.readHeader(FILE);
        static final byte[] KEYS = VaultCodec.deriveKeys(PASSWORD, HEADER.salt(), CHEAP);
    }

    @FuzzTest
    void file(byte[] input) {
        open(input);
    }

    @FuzzTest
    void header(byte[] input) {
        open(withMatchingDigest(input));
    }

    @FuzzTest
    void payload(byte[] input) throws GeneralSecurityException {
        byte[] file = Arrays.copyOf(Sealed.FILE, Sealed.HEADER.length());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Sealed.KEYS, 0, 32, "AES"),
                new GCMParameterSpec(128, Sealed.HEADER.nonce()));
        cipher.updateAAD(file);
        byte[] body = cipher.doFinal(input);
        byte[] whole = Arrays.copyOf(file, file.length + body.length);
        System.arraycopy(body, 0, whole, file.length, body.length);
        try (VaultContents contents = VaultCodec.open(whole, PASSWORD)) {
            for (VaultEntry e : contents.entries()) {
                assertTrue(e.profile() != null && e.accessKeyId() != null && e.addedAt() != null, "an entry with a hole");
            }
        } catch (VaultException refused) {
            assertRefusalIsOneLine(refused);
        }
    }

    private static void open(byte[] file) {
        try {
            VaultCodec.Header header = VaultCodec.readHeader(file);
            assertTrue(header.length() <= file.length, "a header longer than the file");
            try (VaultContents contents = VaultCodec.open(file, PASSWORD)) {
                // It opened, so the header is the one the password holder wrote: its index is true.
                assertEquals(new TreeSet<>(header.profiles()), new TreeSet<>(contents.profiles()), "the profile index");
            }
        } catch (VaultException refused) {
            assertRefusalIsOneLine(refused);
        }
    }

    private static void assertRefusalIsOneLine(VaultException e) {
        String message = e.getMessage();
        assertTrue(message != null && !message.isEmpty() && message.indexOf('\n') < 0, "message: " + message);
    }

    /**
     * The file with its header digest recomputed where the header says it sits; unchanged when
     * the header is too short to say. This is what a forger does, so it must be survived too.
     */
    private static byte[] withMatchingDigest(byte[] input) {
        ByteBuffer in = ByteBuffer.wrap(input);
        try {
            in.position(4 + 2 + 1 + 4 + 4 + 1);
            for (int i = 0; i < 3; i++) {
                in.position(in.position() + 1 + (in.get(in.position()) & 0xFF));
            }
            int indexLength = in.getInt();
            if (indexLength < 0 || indexLength > input.length - in.position() - DIGEST_BYTES) {
                return input;
            }
            int digestAt = in.position() + indexLength;
            byte[] out = input.clone();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(out, 0, digestAt);
            System.arraycopy(sha.digest(), 0, out, digestAt, DIGEST_BYTES);
            return out;
        } catch (RuntimeException | GeneralSecurityException tooShort) {
            return input;
        }
    }

    /** Writes vault files made by {@link Vault} and their decrypted payloads (bench/fuzz --seeds). */
    public static void main(String[] args) throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("vault-seeds");
        seed(dir, "empty", Map.of());
        seed(dir, "one-profile", Map.of("admin", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        seed(dir, "three-profiles-utf8", Map.of("dev", "s1", "prod ops", "s2", "équipe-日本", "s3\u00e9\u2603"));
    }

    private static void seed(Path dir, String name, Map<String, String> secrets)
            throws IOException, GeneralSecurityException {
        Vault vault = new Vault(dir.resolve(name), CHEAP);
        vault.update(PASSWORD, c -> {
            secrets.forEach((profile, secret) -> c.put(new VaultEntry(profile, "AKIAIOSFODNN7EXAMPLE",
                    secret.toCharArray(), Instant.ofEpochSecond(1_767_225_600L),
                    name.equals("one-profile") ? Map.of("note", new byte[] {1, 2, 3}) : Map.of())));
            return null;
        });
        byte[] file = Files.readAllBytes(vault.file());
        FuzzSeeds.write(VaultFuzzTest.class, "file", name + ".tkv", file);
        FuzzSeeds.write(VaultFuzzTest.class, "header", name + ".tkv", file);
        VaultCodec.Header header = VaultCodec.readHeader(file);
        byte[] keys = VaultCodec.deriveKeys(PASSWORD, header.salt(), header.params());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys, 0, 32, "AES"), new GCMParameterSpec(128, header.nonce()));
        cipher.updateAAD(file, 0, header.length());
        FuzzSeeds.write(VaultFuzzTest.class, "payload", name + ".payload",
                cipher.doFinal(file, header.length(), file.length - header.length()));
    }
}
