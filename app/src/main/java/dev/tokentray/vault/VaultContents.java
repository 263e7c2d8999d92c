package dev.tokentray.vault;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeMap;

/** The decrypted vault: key pairs by profile. Closing it wipes the secrets from memory. */
public final class VaultContents implements AutoCloseable {
    private final TreeMap<String, VaultEntry> entries = new TreeMap<>();

    public VaultEntry get(String profile) {
        return entries.get(profile);
    }

    /** Adds or replaces the entry of {@code entry.profile()}, wiping the one it replaces. */
    public void put(VaultEntry entry) {
        VaultEntry old = entries.put(entry.profile(), entry);
        if (old != null && old != entry) {
            old.wipe();
        }
    }

    public boolean remove(String profile) {
        VaultEntry old = entries.remove(profile);
        if (old != null) {
            old.wipe();
        }
        return old != null;
    }

    public Set<String> profiles() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public Collection<VaultEntry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    /** A separate copy (secrets included) that lives on after this one is closed and wiped. */
    public VaultContents copy() {
        VaultContents copy = new VaultContents();
        for (VaultEntry entry : entries.values()) {
            copy.put(new VaultEntry(entry.profile(), entry.accessKeyId(), entry.secretRef(), entry.addedAt(),
                    entry.otherFields()));
        }
        return copy;
    }

    @Override
    public void close() {
        entries.values().forEach(VaultEntry::wipe);
        entries.clear();
    }
}
