package dev.tokentray.vault;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.DateTimeException;
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
            // Shorter than GCM's tag: the JDK's cipher fails on it with a ProviderException.
            throw damaged("it is truncated");
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
            throw new VaultException("the vault is damaged: its contents fail authentication; restore it from a backup");
        } catch (GeneralSecurityException | IOException e) {
            throw new VaultException("the vault is damaged (" + e.getClass().getSimpleName()
                    + "); restore it from a backup", e);
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
                throw damaged("it is not a tokentray vault");
            }
            int version = in.readUnsignedShort();
            if (version != FORMAT_VERSION) {
                throw new VaultException("the vault has format version " + version
                        + ", newer than this tokentray understands; update tokentray");
            }
            int kdf = in.readUnsignedByte();
            KdfParams params = new KdfParams(in.readInt(), in.readInt(), in.readUnsignedByte());
            byte[] salt = in.readNBytes(in.readUnsignedByte());
            byte[] nonce = in.readNBytes(in.readUnsignedByte());
            byte[] check = in.readNBytes(in.readUnsignedByte());
            int indexLength = in.readInt();
            if (indexLength < 0 || indexLength > file.length) {
                throw damaged("its header is damaged");
            }
            byte[] index = in.readNBytes(indexLength);
            int digestAt = file.length - in.available();
            byte[] digest = in.readNBytes(DIGEST_BYTES);
            if (digest.length != DIGEST_BYTES || !Arrays.equals(digest, digest(file, digestAt))) {
                throw damaged("its header is damaged");
            }
            if (kdf != KDF_ARGON2ID || !params.withinReadBounds() || salt.length != SALT_BYTES
                    || nonce.length != NONCE_BYTES || check.length != CHECK_BYTES) {
                throw damaged("its header has unsupported parameters");
            }
            String names = new String(index, StandardCharsets.UTF_8);
            List<String> profiles = names.isEmpty() ? List.of() : List.of(names.split("\n"));
            return new Header(params, salt, nonce, check, profiles, digestAt + DIGEST_BYTES);
        } catch (IOException e) {
            throw damaged("it is truncated");
        }
    }

    private static VaultException damaged(String why) {
        return new VaultException("the vault is damaged: " + why + "; restore it from a backup");
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

    private static VaultContents readPayload(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        if (in.readUnsignedByte() != PAYLOAD_VERSION) {
            throw new VaultException("the vault's contents have an unknown version; update tokentray");
        }
        int count = in.readInt();
        VaultContents contents = new VaultContents();
        for (int i = 0; i < count; i++) {
            int fieldCount = in.readUnsignedShort();
            Map<String, byte[]> fields = new LinkedHashMap<>();
            for (int f = 0; f < fieldCount; f++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > payload.length) {
                    throw new IOException("bad field length");
                }
                fields.put(name, in.readNBytes(length));
            }
            String profile = new String(required(fields, "profile"), StandardCharsets.UTF_8);
            String keyId = new String(required(fields, "access_key_id"), StandardCharsets.UTF_8);
            Instant added;
            try {
                added = Instant.ofEpochSecond(Long.parseLong(new String(required(fields, "added_at"),
                        StandardCharsets.US_ASCII)));
            } catch (NumberFormatException | DateTimeException e) {
                throw new IOException("bad added_at");
            }
            byte[] secretBytes = required(fields, "secret_access_key");
            char[] secret = chars(secretBytes);
            Arrays.fill(secretBytes, (byte) 0);
            contents.put(new VaultEntry(profile, keyId, secret, added, fields));
            Arrays.fill(secret, '\0');
        }
        return contents;
    }

    /** Takes a field every entry has; a payload without it is damaged, not a crash. */
    private static byte[] required(Map<String, byte[]> fields, String name) throws IOException {
        byte[] value = fields.remove(name);
        if (value == null) {
            throw new IOException("missing " + name);
        }
        return value;
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
