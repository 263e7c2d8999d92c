package dev.tokentray.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.TokentrayException;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each folder under src/test/resources/golden holds a config file, a credentials file, optionally
 * the profiles the vault holds, and {@code expected}: how every profile resolves, or the one
 * error line. {@code expected} is written by hand, or with {@code -Dgolden.update=true} and then
 * reviewed; a case without one fails, so no new case passes by agreeing with itself. Every case is
 * also read by botocore (what the AWS CLI and boto3 read the files with), and tokentray must find
 * the same profiles with the same keys and values, except for the differences listed in
 * {@link #INTENDED_DIFFERENCES}.
 */
class GoldenProfilesTest {
    private static final Path GOLDEN = Path.of(System.getProperty("tokentray.basedir", "."),
            "src/test/resources/golden");

    /** A way tokentray reads a golden case unlike botocore, on purpose, and why. */
    record IntendedDifference(String goldenCase, String difference, String reason) {
    }

    private static final String NESTED = "nested settings (s3 =, sts = … on indented lines below) are for the CLI's"
            + " own commands; tokentray reads none of them, so it keeps the key with an empty value";
    private static final String DEFAULT_SECTION = "Python's configparser lends the keys of a [DEFAULT] section to every"
            + " other section of the file; that is Python's, not the AWS file format's, and a key the user did not write"
            + " under a profile (an access key least of all) must not become that profile's key";

    /**
     * Every place where tokentray reads a golden case unlike botocore 1.43 (AWS CLI v1 and v2). A
     * difference missing here fails its case, and so does one listed here that no longer occurs.
     */
    static final List<IntendedDifference> INTENDED_DIFFERENCES = List.of(
            new IntendedDifference("crlf-bom", "botocore refuses the files (MissingSectionHeaderError), tokentray reads"
                    + " them", "a UTF-8 byte-order mark (Notepad's \"UTF-8 with BOM\") stops the AWS CLI, a known"
                    + " wish (aws/aws-cli#3419); tokentray reads past it so that an SDK tool using the file still works"),
            new IntendedDifference("nested-and-paths", "[tools] s3: tokentray \"\", botocore"
                    + " {max_concurrent_requests=\"20\", region=\"not-a-profile-setting\"}", NESTED),
            new IntendedDifference("values", "[nested] s3: tokentray \"\", botocore {max_concurrent_requests=\"20\","
                    + " addressing_style=\"path\"}", NESTED),
            new IntendedDifference("configparser-default-section", "[DEFAULT] is a profile for tokentray only",
                    DEFAULT_SECTION),
            new IntendedDifference("configparser-default-section", "[a] region: tokentray has none, botocore"
                    + " \"eu-west-1\"", DEFAULT_SECTION),
            new IntendedDifference("configparser-default-section", "[b] aws_access_key_id: tokentray has none, botocore"
                    + " \"AKIADEFAULTSECTION01\"", DEFAULT_SECTION),
            new IntendedDifference("configparser-default-section", "[b] aws_secret_access_key: tokentray has none,"
                    + " botocore \"defaultsection\"", DEFAULT_SECTION));

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesLikeTheGoldenFile(String name, @TempDir Path tmp) throws IOException {
        Path dir = GOLDEN.resolve(name);
        TestHome home = home(dir, tmp);
        Set<String> vault = new HashSet<>();
        if (Files.exists(dir.resolve("vault-profiles"))) {
            vault.addAll(Files.readAllLines(dir.resolve("vault-profiles"), StandardCharsets.UTF_8));
        }
        String actual = render(home, vault);
        Path expected = dir.resolve("expected");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(expected), "golden case " + name + " has no expected file: write it by hand, or run"
                + " with -Dgolden.update=true and review what it wrote");
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual, "golden case " + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheProfilesBotocoreReads(String name, @TempDir Path tmp) throws IOException {
        Reading botocore = Botocore.reading(name);
        Reading tokentray = tokentrayReading(home(GOLDEN.resolve(name), tmp));
        Set<String> intended = INTENDED_DIFFERENCES.stream().filter(d -> d.goldenCase().equals(name))
                .map(IntendedDifference::difference).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(String.join("\n", intended), String.join("\n", differences(tokentray, botocore)),
                "golden case " + name + ": tokentray against botocore (a new difference must be fixed, or listed with"
                        + " its reason in INTENDED_DIFFERENCES)");
    }

    @Test
    void aSectionWrittenTwiceStopsTheCliWithOneLineAsTheAwsCliStops(@TempDir Path tmp) throws IOException {
        TestHome home = home(GOLDEN.resolve("duplicated-sections"), tmp);
        String line = "~/.aws/config: [profile a] is written twice (lines 1 and 8), which the AWS CLI refuses; merge the"
                + " two into one";
        for (List<String> args : List.of(List.of("list"), List.of("credential-process", "b"))) {
            Run run = home.cli("", args.toArray(String[]::new));
            assertEquals(1, run.exit(), args + ": " + run);
            assertEquals("", run.out(), args + ": " + run);
            assertEquals("tokentray: " + line + "\n", run.err(), args + ": " + run);
        }
    }

    @Test
    void everyIntendedDifferenceNamesAGoldenCaseAndAReason() throws IOException {
        Set<String> names = cases().collect(Collectors.toSet());
        for (IntendedDifference d : INTENDED_DIFFERENCES) {
            assertTrue(names.contains(d.goldenCase()), "no golden case " + d.goldenCase());
            assertTrue(!d.reason().isBlank(), "no reason for " + d);
        }
    }

    /** The files as one side reads them: the profiles with their keys and values, or a refusal. */
    record Reading(String refused, Map<String, Map<String, String>> profiles) {
    }

    /** The lines that tell two readings apart, in a stable order. */
    static SortedSet<String> differences(Reading tokentray, Reading botocore) {
        SortedSet<String> out = new TreeSet<>();
        if (tokentray.refused() != null || botocore.refused() != null) {
            if (botocore.refused() == null) {
                out.add("tokentray refuses the files (" + tokentray.refused() + "), botocore reads them");
            } else if (tokentray.refused() == null) {
                out.add("botocore refuses the files (" + botocore.refused() + "), tokentray reads them");
            }
            return out;
        }
        Set<String> names = new TreeSet<>(tokentray.profiles().keySet());
        names.addAll(botocore.profiles().keySet());
        for (String profile : names) {
            Map<String, String> ours = tokentray.profiles().get(profile);
            Map<String, String> theirs = botocore.profiles().get(profile);
            if (ours == null || theirs == null) {
                out.add("[" + profile + "] is a profile for " + (ours == null ? "botocore" : "tokentray") + " only");
                continue;
            }
            Set<String> keys = new TreeSet<>(ours.keySet());
            keys.addAll(theirs.keySet());
            for (String key : keys) {
                String a = ours.get(key);
                String b = theirs.get(key);
                if (!java.util.Objects.equals(a, b)) {
                    out.add("[" + profile + "] " + key + ": tokentray " + (a == null ? "has none" : a)
                            + ", botocore " + (b == null ? "has none" : b));
                }
            }
        }
        return out;
    }

    static Reading tokentrayReading(TestHome home) {
        AwsProfileFiles files;
        try {
            files = AwsProfileFiles.load(home.env());
        } catch (ConfigException e) {
            return new Reading(e.getMessage(), Map.of());
        }
        Map<String, Map<String, String>> profiles = new TreeMap<>();
        for (String name : files.names()) {
            Map<String, String> values = new TreeMap<>();
            files.settings(name).forEach((key, value) -> values.put(key, quoted(value.value())));
            profiles.put(name, values);
        }
        return new Reading(null, profiles);
    }

    /** A value shown so that spaces, an empty value and a nested block are told apart. */
    static String quoted(Object value) {
        if (value instanceof Map<?, ?> nested) {
            return nested.entrySet().stream().map(e -> e.getKey() + "=" + quoted(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return '"' + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t") + '"';
    }

    /**
     * botocore's reading of every golden case, from one python3 run: the session the AWS CLI makes,
     * with its config and credentials files set, and {@code full_config['profiles']}, where the
     * credentials file's profiles are laid over the config file's (what {@code aws configure
     * list-profiles} lists); or the kind of parse error botocore wraps in "Unable to parse config
     * file".
     */
    static final class Botocore {
        private static final String SCRIPT = """
                import json, sys
                import botocore.session, botocore.exceptions
                readings = {}
                for case in sys.argv[1:]:
                    session = botocore.session.Session()
                    session.set_config_variable('config_file', case + '/config')
                    session.set_config_variable('credentials_file', case + '/credentials')
                    try:
                        readings[case] = {'profiles': session.full_config['profiles']}
                    except botocore.exceptions.ConfigParseError as e:
                        readings[case] = {'refused': type(e.kwargs['error']).__name__}
                print(json.dumps(readings))
                """;
        private static Map<String, Reading> readings;
        private static AssertionError failure;

        /** Read once for every case; a failure is kept and given to every case, with its cause. */
        static synchronized Reading reading(String goldenCase) {
            if (readings == null && failure == null) {
                try {
                    readings = readAll();
                } catch (AssertionError | IOException e) {
                    failure = e instanceof AssertionError a ? a : new AssertionError("botocore's reading", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return readings.get(goldenCase);
        }

        private static Map<String, Reading> readAll() throws IOException {
            Path python = Peers.require("python3", "apt-get install python3 python3-pip; python3 -m pip install boto3");
            List<String> command = new ArrayList<>(List.of(python.toString(), "-c", SCRIPT));
            Map<String, String> dirs = new LinkedHashMap<>();
            for (String name : cases().toList()) {
                dirs.put(GOLDEN.resolve(name).toAbsolutePath().toString(), name);
            }
            command.addAll(dirs.keySet());
            // UTF-8 whatever the locale, as botocore reads the files on a desktop of today.
            Run run = TestHome.process(command, "", Map.of("PATH", System.getenv("PATH"), "PYTHONUTF8", "1"));
            assertEquals(0, run.exit(), "botocore (python3 -m pip install boto3): " + run);
            Map<String, Reading> all = new TreeMap<>();
            JSON.std.mapFrom(run.out()).forEach((dir, json) -> all.put(dirs.get(dir), fromJson((Map<?, ?>) json)));
            return all;
        }

        private static Reading fromJson(Map<?, ?> json) {
            if (json.containsKey("refused")) {
                return new Reading(String.valueOf(json.get("refused")), Map.of());
            }
            Map<String, Map<String, String>> profiles = new TreeMap<>();
            ((Map<?, ?>) json.get("profiles")).forEach((name, settings) -> {
                Map<String, String> values = new TreeMap<>();
                ((Map<?, ?>) settings).forEach((key, value) -> values.put((String) key, quoted(value)));
                profiles.put((String) name, values);
            });
            return new Reading(null, profiles);
        }
    }

    private static TestHome home(Path dir, Path tmp) throws IOException {
        TestHome home = new TestHome(tmp);
        copyIfPresent(dir.resolve("config"), home.configFile());
        copyIfPresent(dir.resolve("credentials"), home.credentialsFile());
        return home;
    }

    static String render(TestHome home, Set<String> vault) {
        StringBuilder out = new StringBuilder();
        AwsProfileFiles files;
        try {
            files = AwsProfileFiles.load(home.env());
        } catch (TokentrayException e) {
            return "error: " + e.getMessage() + "\n";
        }
        ProfileResolver resolver = new ProfileResolver(files, vault);
        Set<String> names = new TreeSet<>(files.names());
        names.addAll(vault);
        for (String profile : names) {
            out.append('[').append(profile).append("]\n");
            try {
                ProfilePlan plan = resolver.resolve(profile);
                out.append("  chain: ").append(String.join(" -> ", plan.chain())).append('\n');
                out.append("  keys: ").append(plan.keys().kind()).append(" of ").append(plan.keys().profile());
                if (plan.keys().detail() != null) {
                    out.append(" [").append(plan.keys().detail().replace("\n", "\\n")).append(']');
                }
                out.append('\n');
                appendMfa(out, "  base mfa: ", plan.baseMfa());
                if (plan.sessionDuration() != null) {
                    out.append("  session duration: ").append(plan.sessionDuration()).append('\n');
                }
                for (RoleStep role : plan.roles()) {
                    out.append("  role: ").append(role.roleArn()).append(" (from ").append(role.profile()).append(')');
                    opt(out, " external_id=", role.externalId());
                    opt(out, " session_name=", role.roleSessionName());
                    opt(out, " duration=", role.duration());
                    opt(out, " mfa_serial=", role.mfa().serial());
                    out.append('\n');
                }
                opt(out, "  region: ", plan.region());
                if (plan.region() != null) {
                    out.append('\n');
                }
            } catch (TokentrayException e) {
                out.append("  error: ").append(e.getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    private static void appendMfa(StringBuilder out, String label, MfaSettings mfa) {
        if (mfa.equals(MfaSettings.NONE)) {
            return;
        }
        out.append(label);
        opt(out, "serial=", mfa.serial());
        opt(out, " process=", mfa.process());
        opt(out, " yubikey=", mfa.yubikeySerial());
        opt(out, " oath_account=", mfa.oathAccount());
        out.append('\n');
    }

    private static void opt(StringBuilder out, String label, Object value) {
        if (value != null) {
            out.append(label).append(value);
        }
    }

    private static void copyIfPresent(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.copy(from, to);
        }
    }
}
