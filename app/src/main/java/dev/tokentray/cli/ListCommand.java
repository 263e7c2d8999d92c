package dev.tokentray.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.core.Countdown;
import dev.tokentray.core.ProfileStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = "Every profile: where its keys live, role, MFA device, cached session.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = root.ctx();
        List<ProfileStatus> rows = ctx.engine().overview();
        Instant now = ctx.clock().instant();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ProfileStatus row : rows) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("profile", row.profile());
                o.put("active", row.active());
                o.put("keys", row.keys());
                o.put("plaintext_copy", row.plaintextCopy());
                o.put("role_arn", row.roleArn());
                o.put("mfa_serial", row.mfaSerial());
                o.put("region", row.region());
                o.put("session_expiration", row.sessionExpires() == null ? null : row.sessionExpires().toString());
                o.put("error", row.error());
                o.put("session_of", row.sessionOf());
                o.put("needs_keys_of", row.needsKeysOf());
                o.put("wiring_of", row.wiringOf());
                o.put("wired_as", row.wiredAs());
                out.add(o);
            }
            ctx.out().println(JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(out));
            return 0;
        }
        if (rows.isEmpty()) {
            ctx.out().println("No profiles yet: add keys with `tokentray add PROFILE` or `tokentray import`.");
            return 0;
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"  PROFILE", "KEYS", "ROLE", "MFA", "SESSION"});
        for (ProfileStatus row : rows) {
            if (row.wiringOf() != null) {
                continue; // noted on the profile it wires
            }
            String keys = row.error() != null ? "error (see below)"
                    : row.keysOrHowToAdd() + (row.plaintextCopy() ? ", plaintext copy" : "")
                    + (row.wiredAs().isEmpty() ? "" : ", wired as " + String.join(", ", row.wiredAs()));
            table.add(new String[] {(row.active() ? "* " : "  ") + row.profile(), keys, dash(row.roleArn()), dash(row.mfaSerial()),
                    session(row.sessionExpires(), now)});
        }
        printTable(ctx, table);
        if (rows.stream().anyMatch(ProfileStatus::active)) {
            ctx.out().println("* used when no profile is named (AWS_PROFILE, else default)");
        }
        for (ProfileStatus row : rows) {
            if (row.error() != null) {
                ctx.err().println("tokentray: " + row.error());
            }
        }
        return 0;
    }

    private static String session(Instant expires, Instant now) {
        if (expires == null) {
            return "-";
        }
        Duration left = Duration.between(now, expires);
        return left.isNegative() || left.isZero() ? "expired" : Countdown.format(left) + " left";
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static void printTable(CliContext ctx, List<String[]> table) {
        int[] widths = new int[table.get(0).length];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i + 1 < row.length ? String.format("%-" + (widths[i] + 2) + "s", row[i]) : row[i]);
            }
            ctx.out().println(line.toString().stripTrailing());
        }
    }
}
