package dev.tokentray.mfa.oath;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Picks the OATH credential for a profile: the one named by {@code yubikey_oath_account}, else
 * the one whose name matches the profile's MFA device. AWS's QR code names a virtual MFA
 * credential "Amazon Web Services:USER@ACCOUNT"; people also use the device ARN or its name.
 */
public final class AccountMatch {
    private AccountMatch() {
    }

    /**
     * @param explicit  yubikey_oath_account, or null
     * @param mfaSerial the profile's mfa_serial (an ARN like arn:aws:iam::123456789012:mfa/alice), or null
     */
    public static OathCredential pick(OathKey key, List<OathCredential> accounts, String explicit, String mfaSerial) {
        List<OathCredential> totp = accounts.stream().filter(OathCredential::totp).collect(Collectors.toList());
        if (explicit != null && !explicit.isBlank()) {
            return byName(key, accounts, explicit.strip());
        }
        if (mfaSerial == null || mfaSerial.isBlank()) {
            throw new OathException("no MFA device in the profile to match an OATH account on " + key.describe()
                    + "; set yubikey_oath_account to one of: " + list(totp));
        }
        String arn = mfaSerial.strip();
        String device = arn;
        String accountId = null;
        if (arn.startsWith("arn:")) {
            String[] parts = arn.split(":", 6);
            if (parts.length == 6) {
                accountId = parts[4];
                device = parts[5].substring(parts[5].lastIndexOf('/') + 1);
            }
        }
        // Tiers, best first: the ARN itself; USER@ACCOUNT; the user (alone or with any @suffix).
        List<List<OathCredential>> tiers = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        String user = device.toLowerCase(Locale.ROOT);
        for (OathCredential c : totp) {
            String name = c.name().toLowerCase(Locale.ROOT);
            if (c.id().equals(arn) || c.name().equals(arn) || c.label().equals(arn)) {
                tiers.get(0).add(c);
            } else if (accountId != null && name.equals(user + "@" + accountId)) {
                tiers.get(1).add(c);
            } else if (name.equals(user) || name.startsWith(user + "@")) {
                tiers.get(2).add(c);
            }
        }
        for (List<OathCredential> tier : tiers) {
            if (tier.size() == 1) {
                return tier.get(0);
            }
            if (tier.size() > 1) {
                throw new OathException("several OATH accounts on " + key.describe() + " match MFA device " + arn + " ("
                        + list(tier) + "); set yubikey_oath_account to the right one");
            }
        }
        throw new OathException("no OATH account on " + key.describe() + " matches MFA device " + arn
                + "; set yubikey_oath_account to one of: " + list(totp));
    }

    private static OathCredential byName(OathKey key, List<OathCredential> accounts, String wanted) {
        for (OathCredential c : accounts) {
            if (c.id().equals(wanted)) {
                return c;
            }
        }
        List<OathCredential> hits = accounts.stream()
                .filter(c -> c.label().equalsIgnoreCase(wanted) || c.name().equalsIgnoreCase(wanted))
                .collect(Collectors.toList());
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.size() > 1) {
            throw new OathException("yubikey_oath_account '" + wanted + "' matches several accounts on "
                    + key.describe() + " (" + list(hits) + "); give the full name");
        }
        throw new OathException("no OATH account '" + wanted + "' on " + key.describe() + "; accounts there: "
                + list(accounts));
    }

    private static String list(List<OathCredential> accounts) {
        return accounts.isEmpty() ? "(none)" : OathSession.ids(accounts);
    }
}
