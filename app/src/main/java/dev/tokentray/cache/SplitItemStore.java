package dev.tokentray.cache;

import com.github.javakeyring.PasswordAccessException;
import com.github.javakeyring.internal.KeyringBackend;

/**
 * A java-keyring store whose items hold a limited number of chars, made to hold longer values
 * by spreading them over several items. The Windows Credential Manager keeps at most 2,560 bytes
 * per item (CRED_MAX_CREDENTIAL_BLOB_SIZE) and java-keyring writes UTF-16LE, so 1,280 chars; a
 * session whose STS token carries session tags or a session policy is longer.
 *
 * <p>A value that fits is stored whole, as before. A longer one is stored in parts under the
 * services {@code SERVICE:part:GEN:I} (same account), and the item under its own name holds only
 * {@code tokentray-split:GEN:N}. Each write puts its parts under a new generation before the head
 * names them, and removes the old generation after: a reader gets the old value, the new one, or
 * (when it reads parts that are being removed) nothing, never a mix of two.
 */
final class SplitItemStore implements KeyringBackend {
    static final String HEAD = "tokentray-split:";
    /** A head naming more parts than this is damaged: sessions take a handful. */
    private static final int MAX_PARTS = 64;

    private final KeyringBackend items;
    private final int maxChars;

    SplitItemStore(KeyringBackend items, int maxChars) {
        this.items = items;
        this.maxChars = maxChars;
    }

    @Override
    public String getPassword(String service, String account) throws PasswordAccessException {
        String head = items.getPassword(service, account);
        Split split = Split.parse(head);
        if (split == null) {
            return head;
        }
        StringBuilder value = new StringBuilder(split.parts() * maxChars);
        for (int i = 1; i <= split.parts(); i++) {
            value.append(items.getPassword(partService(service, split.generation(), i), account));
        }
        return value.toString();
    }

    @Override
    public void setPassword(String service, String account, String value) throws PasswordAccessException {
        Split old = current(service, account);
        if (value.length() <= maxChars && !value.startsWith(HEAD)) {
            items.setPassword(service, account, value);
        } else {
            int generation = old == null ? 1 : old.generation() + 1;
            int count = 0;
            for (int start = 0; start < value.length(); count++) {
                int end = Math.min(start + maxChars, value.length());
                // A char pair (a code point beyond U+FFFF) stays in one part: half of one is not UTF-16.
                if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
                    end--;
                }
                items.setPassword(partService(service, generation, count + 1), account, value.substring(start, end));
                start = end;
            }
            items.setPassword(service, account, HEAD + generation + ":" + count);
        }
        if (old != null) {
            removeParts(service, account, old);
        }
    }

    @Override
    public void deletePassword(String service, String account) throws PasswordAccessException {
        Split old = current(service, account);
        items.deletePassword(service, account);
        if (old != null) {
            removeParts(service, account, old);
        }
    }

    @Override
    public void close() throws Exception {
        items.close();
    }

    /** The split the item under this name names now, or null when it holds a whole value or nothing. */
    private Split current(String service, String account) throws PasswordAccessException {
        try {
            return Split.parse(items.getPassword(service, account));
        } catch (PasswordAccessException e) {
            if (JavaKeyringBackend.isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    private void removeParts(String service, String account, Split split) throws PasswordAccessException {
        for (int i = 1; i <= split.parts(); i++) {
            try {
                items.deletePassword(partService(service, split.generation(), i), account);
            } catch (PasswordAccessException e) {
                if (!JavaKeyringBackend.isNotFound(e)) {
                    throw e;
                }
            }
        }
    }

    private static String partService(String service, int generation, int part) {
        return service + ":part:" + generation + ":" + part;
    }

    /** What a head item says: the generation of the parts and how many there are. */
    record Split(int generation, int parts) {
        /** "tokentray-split:GEN:N", or null for anything else (a whole value). */
        static Split parse(String head) {
            if (!head.startsWith(HEAD)) {
                return null;
            }
            int colon = head.indexOf(':', HEAD.length());
            if (colon < 0) {
                return null;
            }
            int generation = number(head, HEAD.length(), colon);
            int parts = number(head, colon + 1, head.length());
            return generation < 1 || parts < 1 || parts > MAX_PARTS ? null : new Split(generation, parts);
        }
    }

    /** The decimal number in {@code s[from, to)}, or -1 when it is not one below a billion. */
    private static int number(String s, int from, int to) {
        if (to <= from || to - from > 9) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
