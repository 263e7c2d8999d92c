package dev.tokentray.config;

import dev.tokentray.Env;
import dev.tokentray.fs.AtomicFile;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.Profile;

/**
 * The profiles of {@code ~/.aws/config} and {@code ~/.aws/credentials}, read the way the AWS CLI
 * reads them: in the config file a profile is {@code [default]} or {@code [profile NAME]} (other
 * sections such as {@code [sso-session x]} are not profiles); in the credentials file it is
 * {@code [NAME]}; a section written twice is merged with the later value winning; for one
 * profile, a key in the credentials file wins over the same key in the config file.
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
        Ini ini = new Ini();
        ini.setConfig(ini4jConfig());
        try {
            ini.load(new StringReader(lines.forIni4j()));
        } catch (InvalidFileFormatException e) {
            throw new ConfigException(shown + ": malformed INI (" + lineOf(e) + "); fix that line");
        } catch (RuntimeException e) {
            // ini4j failing on text the line check let through: still the file's fault, said as such.
            throw new ConfigException(shown + ": malformed INI (" + e.getClass().getSimpleName() + "); check its"
                    + " [section] headers and key = value lines");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + shown + "; check that it is a readable file");
        }

        Map<String, Integer> lineOfKey = new HashMap<>();
        for (IniLines.Line line : lines.lines()) {
            if (line.kind() == IniLines.Kind.PROPERTY) {
                lineOfKey.put(line.section() + '\n' + line.key(), line.number());
            }
        }

        Map<String, Map<String, ProfileValue>> profiles = new LinkedHashMap<>();
        Map<String, Map<String, ProfileValue>> profileDefaults = new LinkedHashMap<>();
        for (Profile.Section section : ini.values()) {
            String name = profileName(section.getName(), isConfigFile);
            if (name == null) {
                continue;
            }
            Map<String, ProfileValue> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : section.entrySet()) {
                int line = lineOfKey.getOrDefault(section.getName() + '\n' + e.getKey(), 0);
                String value = e.getValue() == null ? "" : IniLines.restoreBackslash(e.getValue());
                values.put(e.getKey(), new ProfileValue(value, file, line));
            }
            // In the config file both [default] and [profile default] name the default profile;
            // the explicit [profile default] wins where both set a key, as in the AWS SDKs.
            boolean plainDefault = isConfigFile && section.getName().equals("default");
            (plainDefault ? profileDefaults : profiles).merge(name, values, (a, b) -> {
                a.putAll(b);
                return a;
            });
        }
        profileDefaults.forEach((name, values) -> profiles.merge(name, values, (explicit, plain) -> {
            plain.putAll(explicit);
            return plain;
        }));
        return Collections.unmodifiableMap(profiles);
    }

    /**
     * The profile a section header names, or null for sections that are not profiles. In the
     * config file, as botocore reads it: {@code default}, or a header that starts with "profile"
     * and splits by shell rules into exactly two words, the second being the name, so
     * {@code [profile "my admin"]} is the profile {@code my admin}. (The AWS SDK for Java and
     * others take the text after "profile " as it stands and ignore a name with characters other
     * than letters, digits and -_./%@, so such a profile exists for the AWS CLI alone.) In the
     * credentials file the whole header is the name, for botocore and the SDKs alike.
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

    private static Config ini4jConfig() {
        Config c = new Config();
        c.setEscape(false);           // backslashes are literal: Windows paths in credential_process
        c.setTree(false);             // '/' in a profile name is not a sub-section
        c.setGlobalSection(false);
        c.setEmptyOption(false);
        c.setMultiSection(false);     // a repeated [section] merges into the first
        c.setMultiOption(false);      // a repeated key: the later value wins
        c.setComment(false);
        c.setInclude(false);
        c.setLowerCaseOption(false);
        c.setLowerCaseSection(false);
        return c;
    }

    private static String lineOf(InvalidFileFormatException e) {
        String message = String.valueOf(e.getMessage());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line: (\\d+)").matcher(message);
        return m.find() ? "line " + m.group(1) : "unknown line";
    }
}
