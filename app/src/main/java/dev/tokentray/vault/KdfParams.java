package dev.tokentray.vault;

/**
 * Argon2id cost parameters, stored in each vault's header so they can be raised later without
 * breaking old vaults.
 */
public record KdfParams(int memoryKib, int iterations, int parallelism) {
    /** RFC 9106's second recommended setting: 64 MiB, 3 passes. */
    public static final KdfParams DEFAULT = new KdfParams(64 * 1024, 3, 1);

    /*
     * Bounds accepted when reading. The header is readable (and its digest recomputable) by anyone
     * who can write the file, so its costs are not trusted: a header asking for 1 GiB x 64 passes
     * would keep the CPU busy for minutes before "wrong password". Each cost may be at most four
     * times the default and the work (memory x passes) too, so opening any vault this tokentray
     * accepts costs at most about four default openings (~2 s on a 2-core machine), and a later
     * version still has room to raise the default.
     */
    static final int MAX_MEMORY_KIB = 4 * DEFAULT.memoryKib;
    static final int MAX_ITERATIONS = 4 * DEFAULT.iterations;
    static final int MAX_PARALLELISM = 4;
    static final long MAX_WORK = 4L * DEFAULT.memoryKib * DEFAULT.iterations;

    boolean withinReadBounds() {
        return parallelism >= 1 && parallelism <= MAX_PARALLELISM
                && memoryKib >= 8 * parallelism && memoryKib <= MAX_MEMORY_KIB
                && iterations >= 1 && iterations <= MAX_ITERATIONS
                && (long) memoryKib * iterations <= MAX_WORK;
    }

    @Override
    public String toString() {
        return memoryKib + " KiB, " + iterations + " passes, parallelism " + parallelism;
    }
}
