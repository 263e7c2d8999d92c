package dev.tokentray.fs;

import dev.tokentray.Env;
import dev.tokentray.core.Tokentray;
import dev.tokentray.vault.Vault;
import dev.tokentray.vault.VaultContents;
import dev.tokentray.vault.VaultEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * bench/crash: kills a process writing the vault, ~/.aws/credentials (write-credentials) or
 * ~/.aws/config (wire) with SIGKILL at a random moment, again and again, and after each kill
 * opens what is on disk. Every file must hold the content of the last write its writer reported
 * done (old) or of the one it was making (new): anything else is torn. Also counted: where the
 * kills landed (inside a write, before its rename: its temp file is left; after the rename,
 * before the report; or between writes), and temp files still there once the next writer ran.
 *
 * <p>{@code CrashLoopMain ROUNDS WORKDIR [vault] [credentials] [config]}; BENCH_SEED fixes the
 * random kill times.
 */
public final class CrashLoopMain {
    private static final String PASSWORD = "crash-bench-password";
    private static final String PROFILE = "dev";
    /** The user's own part of each file: many profiles and comments, which every write keeps. */
    private static final String USER_CREDENTIALS;
    private static final String USER_CONFIG;

    static {
        StringBuilder credentials = new StringBuilder("# my keys, kept by hand\n[dev]\n"
                + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = long-lived-secret-of-dev\n");
        StringBuilder config = new StringBuilder("# my profiles\n[profile dev]\nregion = eu-west-1\n");
        for (int i = 0; i < 300; i++) {
            credentials.append("\n; team account ").append(i).append("\n[team-").append(i).append("]\n")
                    .append("aws_access_key_id = AKIA").append(String.format("%016d", i)).append('\n')
                    .append("aws_secret_access_key = secret-of-team-").append(i).append('\n');
            config.append("\n[profile role-").append(i).append("]\nrole_arn = arn:aws:iam::123456789012:role/r")
                    .append(i).append("\nsource_profile = dev\nregion = eu-west-1\n");
        }
        USER_CREDENTIALS = credentials.toString();
        USER_CONFIG = config.toString();
    }

    private final Path work;
    private final Random random;
    private final Map<String, byte[]> expected = new HashMap<>();

    private CrashLoopMain(Path work, Random random) {
        this.work = work;
        this.random = random;
    }

    /** The tallies of one kind of file. */
    private static final class Tally {
        int rounds;
        int insideWrite;
        int afterRename;
        int betweenWrites;
        int old;
        int neu;
        int torn;
        int tempsLeftAfterNextWrite;
        long writes;
        final List<String> tornRounds = new ArrayList<>();
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        List<String> kinds = args.length > 2 ? List.of(args).subList(2, args.length)
                : List.of("vault", "credentials", "config");
        long seed = System.getenv("BENCH_SEED") != null ? Long.parseLong(System.getenv("BENCH_SEED")) : System.nanoTime();
        System.out.printf("crash: %d SIGKILLs per kind of file in %s (BENCH_SEED=%d)%n", rounds, work, seed);
        CrashLoopMain bench = new CrashLoopMain(work, new Random(seed));
        int torn = 0;
        int kills = 0;
        for (String kind : kinds) {
            Tally t = bench.run(kind, rounds);
            kills += t.rounds;
            torn += t.torn + t.tempsLeftAfterNextWrite;
            System.out.printf("%-12s %5d kills, %6d writes: landed inside a write (temp file left) %d, after the rename"
                            + " before the report %d, between writes %d | opened to old %d, new %d, torn %d | temp files"
                            + " left after the next write %d%n", kind, t.rounds, t.writes, t.insideWrite, t.afterRename,
                    t.betweenWrites, t.old, t.neu, t.torn, t.tempsLeftAfterNextWrite);
            for (String r : t.tornRounds) {
                System.out.println("  torn: " + r);
            }
        }
        System.out.printf("crash: %d kills in all, %d torn%n", kills, torn);
        System.exit(torn == 0 ? 0 : 1);
    }

    private Tally run(String kind, int rounds) throws Exception {
        Path home = work.resolve(kind);
        deleteTree(home);
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), USER_CREDENTIALS);
        Files.writeString(home.resolve(".aws/config"), USER_CONFIG);
        Map<String, String> env = env(home);
        Path file = switch (kind) {
            case "vault" -> home.resolve("tokentray").resolve(Vault.FILE_NAME);
            case "credentials" -> home.resolve(".aws/credentials");
            case "config" -> home.resolve(".aws/config");
            default -> throw new IllegalArgumentException(kind);
        };
        Tally t = new Tally();
        long last = 0;
        for (int round = 0; round < rounds; round++) {
            Path report = work.resolve(kind + ".report");
            Files.deleteIfExists(report);
            Process writer = writer(kind, env, report, last + 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!Files.exists(report) || Files.size(report) == 0) && writer.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            if (!writer.isAlive() || !Files.exists(report) || Files.size(report) == 0) {
                writer.destroyForcibly();
                throw new IllegalStateException(kind + " writer did not start writing: "
                        + Files.readString(work.resolve(kind + ".log")));
            }
            Thread.sleep(random.nextInt(150));
            writer.destroyForcibly(); // SIGKILL
            writer.waitFor();
            t.rounds++;
            List<String> lines = Files.readAllLines(report);
            long reported = Long.parseLong(lines.get(lines.size() - 1));
            boolean tempLeft = !temps(file).isEmpty();
            long found = check(kind, file, reported, t, round);
            if (tempLeft) {
                t.insideWrite++;
            } else if (found == reported + 1) {
                t.afterRename++;
            } else {
                t.betweenWrites++;
            }
            last = Math.max(found, reported);
            // A write makes one temp file at a time, and this round's writer cleared what earlier
            // ones left before its first write: more than one is a leftover.
            if (temps(file).size() > 1) {
                t.tempsLeftAfterNextWrite++;
            }
        }
        t.writes = last;
        // One more clean write: nothing a killed writer left may remain.
        Path report = work.resolve(kind + ".report");
        Files.deleteIfExists(report);
        Process writer = writer(kind, env, report, last + 1, 1);
        writer.waitFor();
        t.tempsLeftAfterNextWrite += temps(file).size();
        return t;
    }

    /**
     * Classifies what is on disk after a kill; returns the write number the file holds.
     */
    private long check(String kind, Path file, long reported, Tally t, int round) throws IOException {
        long found;
        String problem = null;
        if (kind.equals("vault")) {
            found = -1;
            try (VaultContents c = new Vault(file.getParent(), FileWriterMain.TEST_KDF).open(PASSWORD.toCharArray())) {
                VaultEntry entry = c.get("counter");
                found = Long.parseLong(entry.accessKeyId().substring(4));
                if (!Arrays.equals(("secret-" + found).toCharArray(), entry.secretAccessKey())) {
                    problem = "entry " + found + " has another write's secret";
                }
            } catch (RuntimeException e) {
                problem = "does not open: " + e.getMessage();
            }
        } else {
            byte[] bytes = Files.readAllBytes(file);
            found = bytes.length == 0 ? -1 : writeNumber(kind, new String(bytes, StandardCharsets.UTF_8));
            if (found < 0 || !Arrays.equals(bytes, expected(kind, found))) {
                problem = "holds neither write " + reported + " nor " + (reported + 1) + " (" + bytes.length + " bytes)";
            } else if (kind.equals("config")) {
                // wire copies the config to its backup first: the backup is the config before the
                // last write that reached the backup.
                byte[] backup = Files.readAllBytes(file.resolveSibling("config.tokentray-backup"));
                boolean fits = Arrays.equals(backup, expected(kind, found - 1))
                        || Arrays.equals(backup, expected(kind, found)) && found == reported;
                if (!fits) {
                    problem = "config holds write " + found + " but its backup is not the config before it";
                }
            }
        }
        if (problem == null && (found == reported || found == reported + 1)) {
            if (found == reported) {
                t.old++;
            } else {
                t.neu++;
            }
        } else {
            t.torn++;
            t.tornRounds.add("round " + round + ": " + (problem != null ? problem
                    : "holds write " + found + " after write " + reported + " was reported"));
            // Put back a whole file so the next round's writer can read it and the loop goes on.
            if (kind.equals("vault")) {
                Files.deleteIfExists(file);
            } else {
                Files.write(file, expected(kind, reported));
                if (kind.equals("config")) {
                    Files.write(file.resolveSibling("config.tokentray-backup"), expected(kind, reported - 1));
                }
            }
            return reported;
        }
        return Math.max(found, reported);
    }

    private static long writeNumber(String kind, String text) {
        String marker = kind.equals("credentials") ? "aws_access_key_id = ASIA" : "/opt/tokentray-";
        int at = text.indexOf(marker);
        if (at < 0) {
            return 0; // the user's file, before the first write
        }
        try {
            return Long.parseLong(text.substring(at + marker.length(), at + marker.length() + 16));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * The exact bytes write {@code n} leaves, made by the same public API on a scratch copy of
     * the user's files (write 0: the user's file as it was).
     */
    private byte[] expected(String kind, long n) throws IOException {
        String key = kind + n;
        byte[] known = expected.get(key);
        if (known != null) {
            return known;
        }
        Path scratch = work.resolve("scratch");
        deleteTree(scratch);
        Files.createDirectories(scratch.resolve(".aws"));
        Files.writeString(scratch.resolve(".aws/credentials"), USER_CREDENTIALS);
        Files.writeString(scratch.resolve(".aws/config"), USER_CONFIG);
        Tokentray engine = new Tokentray(new Env(env(scratch)), FileWriterMain.TEST_KDF, Clock.systemUTC(), w -> { });
        if (n > 0 && kind.equals("credentials")) {
            engine.writeSession(PROFILE, null, FileWriterMain.session(n));
        } else if (n > 0) {
            engine.wire(PROFILE, null, FileWriterMain.launcher(n));
        }
        byte[] bytes = Files.readAllBytes(scratch.resolve(".aws").resolve(kind));
        if (expected.size() > 64) {
            expected.clear();
        }
        expected.put(key, bytes);
        return bytes;
    }

    private Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("TOKENTRAY_HOME", home.resolve("tokentray").toString());
        env.put("TOKENTRAY_KEYRING", "file");
        env.put("TOKENTRAY_AGENT", "off");
        env.put("PATH", System.getenv("PATH"));
        env.put("LANG", "C.UTF-8");
        env.put("TEST_VAULT_PASSWORD", PASSWORD);
        return env;
    }

    private Process writer(String kind, Map<String, String> env, Path report, long first) throws IOException {
        return writer(kind, env, report, first, 1_000_000_000L);
    }

    private Process writer(String kind, Map<String, String> env, Path report, long first, long count)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                FileWriterMain.class.getName(), kind));
        if (!kind.equals("vault")) {
            command.add(PROFILE);
        }
        command.addAll(List.of(report.toString(), Long.toString(first), Long.toString(count)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(work.resolve(kind + ".log").toFile()).start();
    }

    private static List<Path> temps(Path file) throws IOException {
        String prefix = "." + file.getFileName() + ".";
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
