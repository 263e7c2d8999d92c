package dev.tokentray.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into words the way Python's {@code shlex.split} does in its POSIX mode, which is
 * how botocore (the AWS CLI, boto3) reads a config section header such as
 * {@code [profile "my admin"]} and, outside Windows, a {@code credential_process} command:
 * whitespace separates words; single quotes keep everything; double quotes keep everything but
 * a backslash before {@code "} or {@code \}; a backslash outside quotes keeps the next character;
 * no comments.
 */
public final class ShellWords {
    private static final String WHITESPACE = " \t\r\n";

    private ShellWords() {
    }

    /**
     * @throws IllegalArgumentException where shlex raises ValueError: a quote not closed, or a
     *                                  backslash at the very end
     */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (WHITESPACE.indexOf(c) >= 0) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\\') {
                if (i == text.length()) {
                    throw new IllegalArgumentException("No escaped character");
                }
                word.append(text.charAt(i++));
                inWord = true;
            } else if (c == '\'') {
                int close = text.indexOf('\'', i);
                if (close < 0) {
                    throw new IllegalArgumentException("No closing quotation");
                }
                word.append(text, i, close);
                i = close + 1;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(text, i, word);
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends what stands between double quotes from {@code i}; returns the index after the closing quote. */
    private static int doubleQuoted(String text, int i, StringBuilder word) {
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                if (i == text.length()) {
                    throw new IllegalArgumentException("No escaped character");
                }
                char next = text.charAt(i++);
                if (next != '"' && next != '\\') {
                    word.append('\\');
                }
                word.append(next);
            } else {
                word.append(c);
            }
        }
        throw new IllegalArgumentException("No closing quotation");
    }
}
