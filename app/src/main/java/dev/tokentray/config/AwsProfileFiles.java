package dev.tokentray.config;

import dev.tokentray.Env;
import dev.tokentray.fs.AtomicFile;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The profiles of {@code ~/.aws/config} and {@code ~/.aws/credentials}, read the way the AWS CLI
 * reads them (botocore, on Python's configparser): in the config file a profile is
 * {@code [default]} or {@code [profile NAME]} (other sections such as {@code [sso-session x]} are
 * not profiles); in the credentials file it is {@code [NAME]}; a file with a section or a key
 * written twice is refused, as the CLI refuses it; for one profile, a key in the credentials file
 * wins over the same key in the config file. One difference: a file that starts with a UTF-8
 * byte-order mark is read, where the CLI refuses it.
 */
public final class AwsProfileFiles {
    private final Path configFile;
    private final Path credentialsFile;
    private final Map<String, Map<String, ProfileValue>> config;
    private final Map<String, Map<String, ProfileValue>> credentials;
    private final Env env;

    private AwsProfileFiles(Env env, Path configFile, Path credentialsFile,
                            Map<String, Map<String, ProfileValue>> config,
                            Map<String, Map<String, ProfileValue>> credentials) {
        this.env = env;
        this.configFile = configFile;
        this.credentialsFile = credentialsFile;
        this.config = config;
        this.credentials = credentials;
    }

    public static AwsProfileFiles load(Env env) {
        Path configFile = env.awsConfigFile();
        Path credentialsFile = env.awsCredentialsFile();
        return new AwsProfileFiles(env, configFile, credentialsFile,
                read(env, configFile, true), read(env, credentialsFile, false));
    }

    public Path configFile() {
        return configFile;
    }

    public Path credentialsFile() {
        return credentialsFile;
    }

    /** Every profile named in either file, config-file order first. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>(config.keySet());
        names.addAll(credentials.keySet());
        return names;
    }

    public boolean contains(String profile) {
        return config.containsKey(profile) || credentials.containsKey(profile);
    }

    /** The profile's settings from both files, credentials-file values winning; empty if absent. */
    public Map<String, ProfileValue> settings(String profile) {
        Map<String, ProfileValue> merged = new LinkedHashMap<>(config.getOrDefault(profile, Map.of()));
        merged.putAll(credentials.getOrDefault(profile, Map.of()));
        return merged;
    }

    /** The profile's settings as written in the credentials file only. */
    public Map<String, ProfileValue> credentialsFileSettings(String profile) {
        return credentials.getOrDefault(profile, Map.of());
    }

    /** A path as the user would write it: {@code ~/.aws/config} rather than {@code /home/me/.aws/config}. */
    public String display(Path file) {
        return displayPath(env, file);
    }

    public static String displayPath(Env env, Path file) {
        Path home = env.home().toAbsolutePath();
        Path abs = file.toAbsolutePath();
        return abs.startsWith(home) ? "~/" + home.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }

    private static Map<String, Map<String, ProfileValue>> read(Env env, Path file, boolean isConfigFile) {
        String shown = displayPath(env, file);
        byte[] bytes;
        try {
            bytes = AtomicFile.readIfExists(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + shown + " (" + e.getClass().getSimpleName()
                    + "); check that it is a readable file");
        }
        if (bytes == null) {
            return Map.of();
        }
        IniLines lines;
        try {
            lines = IniLines.parse(bytes);
        } catch (CharacterCodingException e) {
            throw new ConfigException(shown + " is not UTF-8 text; save it as UTF-8");
        }
        IniLines.Line invalid = lines.firstInvalid();
        if (invalid != null) {
            // The line itself is not quoted: in a credentials file it may be a pasted secret.
            throw new ConfigException(shown + " line " + invalid.number()
                    + ": not a [section] header or a key = value line; fix or delete that line");
        }
        Map<String, Map<String, ProfileValue>> profiles = new LinkedHashMap<>();
        Map<String, Integer> headerLines = new HashMap<>();
        Map<String, ProfileValue> values = null;
        List<IniLines.Line> all = lines.lines();
        for (int i = 0; i < all.size(); i++) {
            IniLines.Line line = all.get(i);
            if (line.kind() == IniLines.Kind.SECTION) {
                // The AWS CLI refuses the whole file ("Unable to parse config file"), so a merge
                // here would give tokentray profiles that the CLI never sees.
                Integer first = headerLines.putIfAbsent(line.section(), line.number());
                if (first != null) {
                    throw new ConfigException(shown + ": [" + line.section() + "] is written twice (lines " + first
                            + " and " + line.number() + "), which the AWS CLI refuses; merge the two into one");
                }
                values = new LinkedHashMap<>();
                String name = profileName(line.section(), isConfigFile);
                if (name != null) {
                    // Two headers for one profile, such as [default] and [profile default]: the
                    // later one is the profile and the earlier one is ignored, as in botocore.
                    profiles.remove(name);
                    profiles.put(name, values);
                }
            } else if (line.kind() == IniLines.Kind.PROPERTY) {
                ProfileValue first = values.get(line.key());
                if (first != null) {
                    throw new ConfigException(shown + ": " + line.key() + " is set twice in [" + line.section()
                            + "] (lines " + first.line() + " and " + line.number() + "), which the AWS CLI refuses; keep one");
                }
                values.put(line.key(), new ProfileValue(value(all, i), file, line.number()));
            }
        }
        return Collections.unmodifiableMap(profiles);
    }

    /**
     * The value of the key on line {@code at}, with the lines that go on with it joined by
     * newlines, as configparser joins them (blank lines inside kept, those at the end dropped). A
     * key with nothing after it and indented lines below holds nested settings (such as
     * {@code s3 =}): botocore reads those as a table of their own, and tokentray reads none of them,
     * so its plain value is empty.
     */
    private static String value(List<IniLines.Line> all, int at) {
        String first = all.get(at).value();
        if (first.isEmpty()) {
            return first;
        }
        StringBuilder value = new StringBuilder(first);
        for (int i = at + 1; i < all.size(); i++) {
            IniLines.Line line = all.get(i);
            if (line.kind() == IniLines.Kind.CONTINUATION) {
                value.append('\n').append(line.text().strip());
            } else if (line.kind() == IniLines.Kind.BLANK) {
                value.append('\n');
            } else if (line.kind() != IniLines.Kind.COMMENT) {
                break;
            }
        }
        return value.toString().stripTrailing();
    }

    /**
     * The profile a section header names, or null for sections that are not profiles. In the
     * config file, as botocore reads it: {@code default}, or a header that starts with "profile"
     * and splits by shell rules into exactly two words, the second being the name, so
     * {@code [profile "my admin"]} is the profile {@code my admin}. (The AWS SDK for Java and
     * others take the text after "profile " as it stands and ignore a name with characters other
     * than letters, digits and -_./%@, so such a profile exists for the AWS CLI alone.) In the
     * credentials file the whole header is the name, for botocore and the SDKs alike. The header is
     * the text between the brackets as it stands: {@code [ profile a ]} is no profile for botocore.
     */
    public static String profileName(String section, boolean isConfigFile) {
        if (!isConfigFile) {
            return section;
        }
        if (section.equals("default")) {
            return "default";
        }
        if (!section.startsWith("profile")) {
            return null;
        }
        List<String> words;
        try {
            words = ShellWords.split(section);
        } catch (IllegalArgumentException unbalanced) {
            return null;
        }
        return words.size() == 2 && !words.get(1).isEmpty() ? words.get(1) : null;
    }
}
