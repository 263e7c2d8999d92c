package dev.tokentray.vault;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The vault file format, version 1.
 *
 * <pre>
 * header (all of it is GCM associated data, so changing any byte fails decryption)
 *   "TKTV"                magic
 *   u16 1                 format version
 *   u8  1                 KDF: Argon2id v1.3
 *   u32 memory KiB, u32 iterations, u8 parallelism
 *   u8 n, n bytes         salt (16, fresh on every write)
 *   u8 n, n bytes         GCM nonce (12, fresh on every write)
 *   u8 n, n bytes         password check: HMAC-SHA256(check key, "tokentray vault v1"), 16 bytes
 *   u32 n, n bytes        profile index: names, '\n'-separated (readable without the password)
 *   8 bytes               SHA-256 of the header so far, truncated: tells damage from a wrong password
 * body
 *   AES-256-GCM(payload), 128-bit tag
 * </pre>
 *
 * Every later format version keeps this framing, up to and including the digest (new settings go
 * under a new KDF number or into the payload). That is how an older reader tells a newer vault
 * from a damaged one: a header whose digest holds was written that way on purpose, so an unknown
 * version in it is newer; a flipped bit anywhere in the header, the version included, breaks the
 * digest and reads as damage.
 *
 * Argon2id yields 64 bytes: the first 32 are the AES key, the last 32 the check key. The check
 * value costs an attacker as much per guess as a trial decryption, and it lets us say "wrong
 * password" only when that is true, and "damaged" when the file changed.
 */
final class VaultCodec {
    private static final byte[] MAGIC = {'T', 'K', 'T', 'V'};
    private static final int FORMAT_VERSION = 1;
    private static final int KDF_ARGON2ID = 1;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int CHECK_BYTES = 16;
    private static final int DIGEST_BYTES = 8;
    private static final int TAG_BYTES = 16;
    private static final int PAYLOAD_VERSION = 1;
    private static final byte[] CHECK_LABEL = "tokentray vault v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    record Header(KdfParams params, byte[] salt, byte[] nonce, byte[] check, List<String> profiles, int length) {
    }

    private VaultCodec() {
    }

    static byte[] seal(VaultContents contents, char[] password, KdfParams params) {
        byte[] salt = random(SALT_BYTES);
        byte[] nonce = random(NONCE_BYTES);
        byte[] keys = deriveKeys(password, salt, params);
        byte[] payload = null;
        try {
            byte[] header = header(params, salt, nonce, check(keys), List.copyOf(contents.profiles()));
            payload = payload(contents);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys, 0, 32, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(header);
            byte[] body = cipher.doFinal(payload);
            byte[] file = Arrays.copyOf(header, header.length + body.length);
            System.arraycopy(body, 0, file, header.length, body.length);
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new VaultException("cannot encrypt the vault (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            Arrays.fill(keys, (byte) 0);
            if (payload != null) {
                Arrays.fill(payload, (byte) 0);
            }
        }
    }

    static VaultContents open(byte[] file, char[] password) {
        Header header = readHeader(file);
        if (file.length - header.length() < TAG_BYTES) {
            throw VaultFormatException.damaged("it is truncated");
        }
        byte[] keys = deriveKeys(password, header.salt(), header.params());
        byte[] payload = null;
        try {
            if (!MessageDigest.isEqual(check(keys), header.check())) {
                throw new WrongPasswordException();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys, 0, 32, "AES"),
                    new GCMParameterSpec(128, header.nonce()));
            cipher.updateAAD(file, 0, header.length());
            payload = cipher.doFinal(file, header.length(), file.length - header.length());
            return readPayload(payload);
        } catch (AEADBadTagException e) {
            throw VaultFormatException.damaged("its contents fail authentication");
        } catch (GeneralSecurityException e) {
            throw VaultFormatException.damaged("its contents cannot be read (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(keys, (byte) 0);
            if (payload != null) {
                Arrays.fill(payload, (byte) 0);
            }
        }
    }

    static Header readHeader(byte[] file) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw VaultFormatException.damaged("it is not a tokentray vault");
            }
            int version = in.readUnsignedShort();
            int kdf = in.readUnsignedByte();
            KdfParams params = new KdfParams(in.readInt(), in.readInt(), in.readUnsignedByte());
            byte[] salt = in.readNBytes(in.readUnsignedByte());
            byte[] nonce = in.readNBytes(in.readUnsignedByte());
            byte[] check = in.readNBytes(in.readUnsignedByte());
            int indexLength = in.readInt();
            if (indexLength < 0 || indexLength > in.available()) {
                throw VaultFormatException.damaged("its header fails its checksum");
            }
            byte[] index = in.readNBytes(indexLength);
            int digestAt = file.length - in.available();
            byte[] digest = in.readNBytes(DIGEST_BYTES);
            if (digest.length != DIGEST_BYTES || !Arrays.equals(digest, digest(file, digestAt))) {
                throw VaultFormatException.damaged("its header fails its checksum");
            }
            if (version > FORMAT_VERSION) {
                throw new VaultFormatException("was written by a newer tokentray (format version " + version
                        + "); update tokentray to open it");
            }
            if (version != FORMAT_VERSION || kdf != KDF_ARGON2ID || salt.length != SALT_BYTES
                    || nonce.length != NONCE_BYTES || check.length != CHECK_BYTES) {
                throw VaultFormatException.damaged("its header has unsupported parameters");
            }
            if (!params.withinReadBounds()) {
                throw VaultFormatException.damaged("its header asks for key-derivation costs (" + params
                        + ") far beyond what tokentray writes");
            }
            String names = new String(index, StandardCharsets.UTF_8);
            List<String> profiles = names.isEmpty() ? List.of() : List.of(names.split("\n"));
            return new Header(params, salt, nonce, check, profiles, digestAt + DIGEST_BYTES);
        } catch (IOException e) {
            throw VaultFormatException.damaged("it is truncated");
        }
    }

    private static byte[] header(KdfParams params, byte[] salt, byte[] nonce, byte[] check, List<String> profiles)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeShort(FORMAT_VERSION);
        out.writeByte(KDF_ARGON2ID);
        out.writeInt(params.memoryKib());
        out.writeInt(params.iterations());
        out.writeByte(params.parallelism());
        writeShortBytes(out, salt);
        writeShortBytes(out, nonce);
        writeShortBytes(out, check);
        byte[] index = String.join("\n", profiles).getBytes(StandardCharsets.UTF_8);
        out.writeInt(index.length);
        out.write(index);
        out.flush();
        byte[] soFar = bytes.toByteArray();
        out.write(digest(soFar, soFar.length));
        out.flush();
        return bytes.toByteArray();
    }

    private static void writeShortBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeByte(value.length);
        out.write(value);
    }

    private static byte[] digest(byte[] data, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(data, 0, length);
            return Arrays.copyOf(sha.digest(), DIGEST_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static byte[] check(byte[] keys) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys, 32, 32, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal(CHECK_LABEL), CHECK_BYTES);
    }

    static byte[] deriveKeys(char[] password, byte[] salt, KdfParams params) {
        Argon2Parameters argon = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(params.memoryKib())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(argon);
        byte[] out = new byte[64];
        generator.generateBytes(password, out);
        return out;
    }

    // Payload: u8 version, u32 count, then per entry u16 field count and fields of
    // (modified-UTF-8 name, u32 length, bytes). Secrets never pass through a String.
    private static byte[] payload(VaultContents contents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(PAYLOAD_VERSION);
        out.writeInt(contents.entries().size());
        for (VaultEntry entry : contents.entries()) {
            Map<String, byte[]> fields = new LinkedHashMap<>(entry.otherFields());
            fields.put("profile", utf8(entry.profile()));
            fields.put("access_key_id", utf8(entry.accessKeyId()));
            fields.put("secret_access_key", utf8(entry.secretRef()));
            fields.put("added_at", utf8(Long.toString(entry.addedAt().getEpochSecond())));
            out.writeShort(fields.size());
            for (Map.Entry<String, byte[]> f : fields.entrySet()) {
                out.writeUTF(f.getKey());
                out.writeInt(f.getValue().length);
                out.write(f.getValue());
            }
            Arrays.fill(fields.get("secret_access_key"), (byte) 0);
        }
        out.flush();
        byte[] result = bytes.toByteArray();
        // ByteArrayOutputStream keeps its own buffer; overwrite it before it is dropped.
        bytes.reset();
        bytes.write(new byte[result.length]);
        return result;
    }

    /**
     * The decrypted payload as entries. Only a holder of the password can have written it, yet it
     * is read as carefully as the header: whatever it holds ends in a {@link VaultException}.
     */
    static VaultContents readPayload(byte[] payload) {
        VaultContents contents = new VaultContents();
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            int version = in.readUnsignedByte();
            if (version != PAYLOAD_VERSION) {
                throw new VaultFormatException("holds contents of an unknown version (" + version
                        + "); update tokentray to open it");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                contents.put(readEntry(in));
            }
            return contents;
        } catch (IOException | RuntimeException e) {
            contents.close();
            if (e instanceof VaultException v) {
                throw v;
            }
            throw VaultFormatException.damaged("its contents cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static VaultEntry readEntry(DataInputStream in) throws IOException {
        int fieldCount = in.readUnsignedShort();
        Map<String, byte[]> fields = new LinkedHashMap<>();
        char[] secret = null;
        try {
            for (int f = 0; f < fieldCount; f++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new EOFException("a field runs past the end");
                }
                byte[] old = fields.put(name, in.readNBytes(length));
                if (old != null) {
                    Arrays.fill(old, (byte) 0);
                }
            }
            for (String required : List.of("profile", "access_key_id", "secret_access_key", "added_at")) {
                if (!fields.containsKey(required)) {
                    throw new EOFException("an entry without " + required);
                }
            }
            byte[] secretBytes = fields.remove("secret_access_key");
            try {
                secret = chars(secretBytes);
            } finally {
                Arrays.fill(secretBytes, (byte) 0);
            }
            String profile = new String(fields.remove("profile"), StandardCharsets.UTF_8);
            String keyId = new String(fields.remove("access_key_id"), StandardCharsets.UTF_8);
            Instant added = Instant.ofEpochSecond(Long.parseLong(new String(fields.remove("added_at"),
                    StandardCharsets.US_ASCII)));
            return new VaultEntry(profile, keyId, secret, added, fields);
        } finally {
            // The entry keeps copies of the fields it carries along; these are wiped either way.
            fields.values().forEach(v -> Arrays.fill(v, (byte) 0));
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        Arrays.fill(encoded.array(), (byte) 0);
        return out;
    }

    private static char[] chars(byte[] bytes) throws CharacterCodingException {
        CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
        char[] out = new char[decoded.remaining()];
        decoded.get(out);
        Arrays.fill(decoded.array(), '\0');
        return out;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
