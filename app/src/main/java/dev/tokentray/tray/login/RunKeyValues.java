package dev.tokentray.tray.login;

/**
 * The values of the per-user Run key, HKCU\Software\Microsoft\Windows\CurrentVersion\Run: each
 * names a command line Windows runs when that person logs in. Setting or deleting one value is a
 * single registry operation, which the registry applies whole or not at all.
 */
interface RunKeyValues {
    String PATH = "Software\\Microsoft\\Windows\\CurrentVersion\\Run";

    /** The command line under {@code name}, or null when there is none. */
    String get(String name);

    void put(String name, String commandLine);

    /** Removes {@code name}; nothing happens when it is not there. */
    void remove(String name);
}
