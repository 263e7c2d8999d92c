package dev.tokentray.vault;

/**
 * Argon2id cost parameters, stored in each vault's header so they can be raised later without
 * breaking old vaults.
 */
public record KdfParams(int memoryKib, int iterations, int parallelism) {
    /** RFC 9106's second recommended setting: 64 MiB, 3 passes. */
    public static final KdfParams DEFAULT = new KdfParams(64 * 1024, 3, 1);

    /**
     * Bounds accepted when reading, near what tokentray writes: a crafted header can make an
     * unlock cost at most twice the default's memory and twice its work (memory times passes)
     * before "wrong password", not minutes and gigabytes.
     */
    static final int MAX_MEMORY_KIB = 2 * DEFAULT.memoryKib;
    static final long MAX_WORK = 2L * DEFAULT.memoryKib * DEFAULT.iterations;
    static final int MAX_PARALLELISM = 16;

    boolean withinReadBounds() {
        return memoryKib >= 8 * parallelism && memoryKib <= MAX_MEMORY_KIB
                && iterations >= 1 && (long) memoryKib * iterations <= MAX_WORK
                && parallelism >= 1 && parallelism <= MAX_PARALLELISM;
    }
}
