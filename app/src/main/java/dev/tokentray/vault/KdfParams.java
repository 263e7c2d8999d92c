package dev.tokentray.vault;

/**
 * Argon2id cost parameters, stored in each vault's header so they can be raised later without
 * breaking old vaults.
 */
public record KdfParams(int memoryKib, int iterations, int parallelism) {
    /** RFC 9106's second recommended setting: 64 MiB, 3 passes. */
    public static final KdfParams DEFAULT = new KdfParams(64 * 1024, 3, 1);

    /** Bounds accepted when reading, so a crafted header cannot make us allocate gigabytes. */
    static final int MAX_MEMORY_KIB = 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    boolean withinReadBounds() {
        return memoryKib >= 8 * parallelism && memoryKib <= MAX_MEMORY_KIB
                && iterations >= 1 && iterations <= MAX_ITERATIONS
                && parallelism >= 1 && parallelism <= MAX_PARALLELISM;
    }
}
