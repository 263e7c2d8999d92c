package dev.tokentray.config;

import java.util.List;

/**
 * The {@code credential_process} value that runs tokentray's shim for a profile, written so that
 * every reader splits it into the same words and none runs anything else. The readers:
 * botocore splits it with POSIX shell rules (with Windows' C-runtime rules on Windows) and runs
 * the words without a shell; the AWS SDKs for Java, Go, JavaScript and Rust hand the whole line to
 * {@code sh -c}, or on Windows to {@code cmd.exe /C}; and the SDKs' own INI readers cut a value
 * at a {@code #} or {@code ;} that follows a space.
 *
 * <p>A word of letters, digits and {@code _@+=:,./-} means itself to all of them and is written
 * as it is. Any other word goes in double quotes, inside which a space and
 * {@code & | < > ( ) ^ ; ' * ? [ ] { } ~ #} are plain text to every one of them. What no quoting
 * keeps plain for all of them is refused: {@code "}, {@code $}, a backtick and a backslash (the
 * POSIX shells), {@code %} and {@code !} (cmd.exe expands them even inside quotes), control
 * characters, and a space before {@code #} or {@code ;}. A backslash is allowed in the
 * launcher's path on Windows, where only the Windows rules read it.
 */
public final class CredentialProcessLine {
    private CredentialProcessLine() {
    }

    /**
     * @param launcher the path (or name) of the {@code tokentray} launcher
     * @param profile  the profile whose session the shim serves
     * @param windows  whether the line is for Windows (where the launcher's path has backslashes)
     * @throws ConfigException with one line saying what cannot be written, and what to do
     */
    public static String of(String launcher, String profile, boolean windows) {
        String unsafe = unsafe(launcher, windows);
        if (unsafe != null) {
            throw new ConfigException("tokentray's path " + launcher + " holds " + unsafe + ", which a credential_process"
                    + " command cannot hold for every AWS tool alike; install tokentray in a folder without it");
        }
        unsafe = unsafe(profile, false);
        if (unsafe != null) {
            throw new ConfigException("profile '" + profile + "' holds " + unsafe + ", which a credential_process command"
                    + " cannot hold for every AWS tool alike (the AWS CLI, the SDKs' sh -c and cmd /C); rename the"
                    + " profile, keeping to letters, digits, spaces and _@+=:,./-");
        }
        String command = word(launcher, windows);
        String argument = word(profile, false);
        if (windows && command.startsWith("\"") && argument.endsWith("\"")) {
            // cmd.exe /C drops the first and the last quote of a line that starts and ends with one.
            throw new ConfigException("on Windows, tokentray's path (" + launcher + ") and profile '" + profile + "' both"
                    + " need quotes, which cmd.exe would strip; install tokentray in a folder without spaces, or rename"
                    + " the profile without spaces");
        }
        return command + " credential-process " + argument;
    }

    /** The profile a line written by {@link #of} serves, or null when the line is not one. */
    public static String profileOf(String line) {
        List<String> words;
        try {
            words = ShellWords.split(line);
        } catch (IllegalArgumentException unbalanced) {
            return null;
        }
        int n = words.size();
        return n >= 3 && words.get(n - 2).equals("credential-process") ? words.get(n - 1) : null;
    }

    /** {@code text} as one word; a Windows path's backslashes are plain where only Windows reads it. */
    private static String word(String text, boolean windowsPath) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "_@+=:,./-".indexOf(c) >= 0 || windowsPath && c == '\\')) {
                return '"' + text + '"';
            }
        }
        return text;
    }

    /** What in {@code text} no quoting makes safe for every reader, described; null when there is none. */
    private static String unsafe(String text, boolean backslashAllowed) {
        if (text.isEmpty()) {
            return "nothing";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return "a control character";
            }
            if ("\"$`%!".indexOf(c) >= 0 || c == '\\' && !backslashAllowed) {
                return "'" + c + "'";
            }
            if ((c == '#' || c == ';') && i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
                return "a space before '" + c + "'";
            }
        }
        if (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))) {
            return "a space at an end";
        }
        return null;
    }
}
