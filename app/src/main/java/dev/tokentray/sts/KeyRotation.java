package dev.tokentray.sts;

import dev.tokentray.config.ProfilePlan;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Replaces an IAM user's long-lived access key, in the order that can lose nothing: a new key is
 * made, shown to work against STS, and stored; only then is the old one deleted. A failure before
 * the store deletes the new key again and leaves the vault as it was; a failure to delete the old
 * key says that it is still active.
 */
public final class KeyRotation {
    /** How long a new key may take to be accepted: IAM is eventually consistent across regions. */
    static final Duration PROPAGATION = Duration.ofSeconds(30);

    /** What a rotation did; the key ids are not secrets ({@code list} shows them too). */
    public record Result(String userName, String oldKeyId, String newKeyId, String mfaSerial) {
    }

    /** Where the new key goes: the vault, under the profile that held the old one. */
    public interface KeyStore {
        void store(String accessKeyId, char[] secretAccessKey);
    }

    private final StsCalls sts;
    private final SessionMaker maker;

    public KeyRotation(StsCalls sts, SessionMaker maker) {
        this.sts = sts;
        this.maker = maker;
    }

    /**
     * @param old the plan's current keys (the caller wipes them)
     * @param inputs for the MFA code when the user has an MFA device and no fresh MFA session
     */
    public Result rotate(ProfilePlan plan, AccessKeyPair old, SessionMaker.Inputs inputs, KeyStore store) {
        AwsCredentials oldCredentials = StsCalls.credentials(old);
        String userName = sts.userName(oldCredentials);
        SessionMaker.IamCaller caller = maker.iamCaller(plan, oldCredentials, userName, inputs);
        try (AccessKeyPair fresh = sts.createAccessKey(caller.credentials(), userName)) {
            try {
                awaitAccepted(fresh);
                store.store(fresh.accessKeyId(), fresh.secret());
            } catch (RuntimeException e) {
                try {
                    sts.deleteAccessKey(caller.credentials(), userName, fresh.accessKeyId());
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            try {
                sts.deleteAccessKey(caller.credentials(), userName, old.accessKeyId());
            } catch (StsException e) {
                throw new StsException("profile '" + plan.keys().profile() + "': the new key " + fresh.accessKeyId()
                        + " is stored, but the old key " + old.accessKeyId() + " is still active (" + e.getMessage()
                        + "); delete it in the IAM console", e);
            }
            return new Result(userName, old.accessKeyId(), fresh.accessKeyId(), caller.mfaSerial());
        }
    }

    /** A new key is stored only once STS accepts it, so the vault never holds a key that does not work. */
    private void awaitAccepted(AccessKeyPair fresh) {
        Instant deadline = Instant.now().plus(PROPAGATION);
        while (true) {
            try {
                sts.userName(StsCalls.credentials(fresh));
                return;
            } catch (StsException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StsException("interrupted while waiting for the new key " + fresh.accessKeyId()
                        + " to be accepted; the old key is unchanged", e);
            }
        }
    }
}
