package dev.tokentray.tray;

/**
 * The process's explicit AppUserModelID on Windows: the identity the taskbar groups its windows by
 * and the notification centre names its notices after. One call, made before any window or notice.
 */
interface ProcessAppUserModelId {
    /** Gives this process {@code id}; throws when Windows refuses it. */
    void set(String id);
}
