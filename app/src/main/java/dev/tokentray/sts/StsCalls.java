package dev.tokentray.sts;

import dev.tokentray.cache.Session;
import dev.tokentray.config.RoleStep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.GetFederationTokenResponse;
import software.amazon.awssdk.services.sts.model.GetSessionTokenResponse;
import software.amazon.awssdk.services.sts.model.StsResponse;

/**
 * The STS and IAM calls tokentray makes, through the AWS SDK v2. Endpoints come from the
 * standard AWS settings (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL), taken
 * from the engine's environment so an in-process engine with its own Env sees the same as a CLI run. Every reply's Date header is compared with the local clock, so a skewed clock
 * is named as such instead of surfacing as a bare "signature expired".
 */
public final class StsCalls {
    /** Clock difference beyond which STS signatures fail (AWS allows 5 min; we warn earlier). */
    static final Duration MAX_SKEW = Duration.ofSeconds(60);
    /** AWS's error codes for credentials it does not accept at all. */
    private static final List<String> BAD_CREDENTIALS = List.of("InvalidClientTokenId", "SignatureDoesNotMatch",
            "ExpiredToken", "UnrecognizedClientException");

    private final String profile;
    private final Region region;
    private final Clock clock;
    private final Consumer<String> warnings;

    private final java.net.URI stsEndpoint;
    private final java.net.URI iamEndpoint;

    /**
     * @param stsEndpoint the endpoint override from the engine's environment, or null for the SDK's own
     * @param iamEndpoint likewise for IAM
     */
    public StsCalls(String profile, String region, Clock clock, Consumer<String> warnings, java.net.URI stsEndpoint,
                    java.net.URI iamEndpoint) {
        this.profile = profile;
        this.region = Region.of(region);
        this.clock = clock;
        this.warnings = warnings;
        this.stsEndpoint = stsEndpoint;
        this.iamEndpoint = iamEndpoint;
    }

    public Session getSessionToken(AwsCredentials caller, String mfaSerial, String code, Duration duration) {
        try (StsClient sts = sts(caller)) {
            GetSessionTokenResponse r = sts.getSessionToken(b -> {
                if (mfaSerial != null) {
                    b.serialNumber(mfaSerial).tokenCode(code);
                }
                if (duration != null) {
                    b.durationSeconds((int) duration.toSeconds());
                }
            });
            checkSkew(r);
            return session(r.credentials());
        } catch (SdkServiceException e) {
            throw refused("GetSessionToken", e, mfaSerial != null);
        } catch (SdkClientException e) {
            throw unreachable("STS", e);
        }
    }

    /**
     * A federated-user session for the console: the sign-in endpoint takes role sessions and these,
     * not GetSessionToken's. Only long-lived keys may ask, and without MFA (STS allows no code here).
     * The policy allows everything, so the session has exactly the user's own permissions (with no
     * policy it would have none).
     */
    public Session getFederationToken(AwsCredentials keys, String name, Duration duration) {
        try (StsClient sts = sts(keys)) {
            GetFederationTokenResponse r = sts.getFederationToken(b -> b.name(name)
                    .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                            + "\"Resource\":\"*\"}]}")
                    .durationSeconds((int) duration.toSeconds()));
            checkSkew(r);
            return session(r.credentials());
        } catch (SdkServiceException e) {
            throw refused("GetFederationToken", e, false);
        } catch (SdkClientException e) {
            throw unreachable("STS", e);
        }
    }

    public Session assumeRole(AwsCredentials caller, RoleStep role, String sessionName, String mfaSerial,
                              String code, Duration duration) {
        try (StsClient sts = sts(caller)) {
            AssumeRoleRequest.Builder b = AssumeRoleRequest.builder().roleArn(role.roleArn())
                    .roleSessionName(sessionName);
            if (role.externalId() != null) {
                b.externalId(role.externalId());
            }
            if (mfaSerial != null) {
                b.serialNumber(mfaSerial).tokenCode(code);
            }
            if (duration != null) {
                b.durationSeconds((int) duration.toSeconds());
            }
            AssumeRoleResponse r = sts.assumeRole(b.build());
            checkSkew(r);
            return session(r.credentials());
        } catch (SdkServiceException e) {
            throw refused("AssumeRole " + role.roleArn(), e, mfaSerial != null);
        } catch (SdkClientException e) {
            throw unreachable("STS", e);
        }
    }

    /**
     * The caller's IAM user name, from sts:GetCallerIdentity, which needs no permission (unlike
     * iam:GetUser, which many users are not granted).
     */
    public String userName(AwsCredentials caller) {
        try (StsClient sts = sts(caller)) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            checkSkew(me);
            String arn = me.arn();
            return arn.substring(arn.lastIndexOf('/') + 1);
        } catch (SdkServiceException e) {
            throw refused("GetCallerIdentity", e, false);
        } catch (SdkClientException e) {
            throw unreachable("STS", e);
        }
    }

    /**
     * The serial (ARN) of the user's MFA device, or empty when the user has none. A user not
     * allowed iam:ListMFADevices gets a warning and no MFA, as if none were set.
     */
    public Optional<String> mfaDevice(AwsCredentials caller, String userName) {
        try (IamClient iam = iam(caller)) {
            List<MFADevice> devices = iam.listMFADevices(b -> b.userName(userName)).mfaDevices();
            return devices.stream().map(MFADevice::serialNumber).findFirst();
        } catch (SdkServiceException e) {
            if (e.statusCode() == 403) {
                warnings.accept("warning: profile '" + profile + "': not allowed to list MFA devices; continuing"
                        + " without MFA (set mfa_serial in the profile to use one)");
                return Optional.empty();
            }
            throw refused("iam:ListMFADevices", e, false);
        } catch (SdkClientException e) {
            throw unreachable("IAM", e);
        }
    }

    /**
     * A new access key for {@code userName}, made with {@code caller}'s rights. AWS allows two keys
     * per user: a user who has two already is told to delete the unused one first.
     */
    public AccessKeyPair createAccessKey(AwsCredentials caller, String userName) {
        try (IamClient iam = iam(caller)) {
            AccessKey key = iam.createAccessKey(b -> b.userName(userName)).accessKey();
            char[] secret = key.secretAccessKey().toCharArray();
            try {
                return new AccessKeyPair(key.accessKeyId(), secret);
            } finally {
                Arrays.fill(secret, '\0');
            }
        } catch (SdkServiceException e) {
            if ("LimitExceeded".equals(errorCode(e))) {
                throw new StsException("profile '" + profile + "': IAM user " + userName + " already has two access"
                        + " keys, AWS's limit; delete the one not in use (`aws iam list-access-keys --user-name "
                        + userName + "`) and rotate again", e);
            }
            throw iamRefused("iam:CreateAccessKey", e);
        } catch (SdkClientException e) {
            throw unreachable("IAM", e);
        }
    }

    /** Deletes the access key {@code accessKeyId} of {@code userName}. */
    public void deleteAccessKey(AwsCredentials caller, String userName, String accessKeyId) {
        try (IamClient iam = iam(caller)) {
            iam.deleteAccessKey(b -> b.userName(userName).accessKeyId(accessKeyId));
        } catch (SdkServiceException e) {
            throw iamRefused("iam:DeleteAccessKey", e);
        } catch (SdkClientException e) {
            throw unreachable("IAM", e);
        }
    }

    public static AwsCredentials credentials(AccessKeyPair keys) {
        return AwsBasicCredentials.create(keys.accessKeyId(), new String(keys.secret()));
    }

    public static AwsCredentials credentials(Session session) {
        return AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
    }

    private StsClient sts(AwsCredentials caller) {
        var b = StsClient.builder().region(region).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(caller));
        if (stsEndpoint != null) {
            b.endpointOverride(stsEndpoint);
        }
        return b.build();
    }

    private IamClient iam(AwsCredentials caller) {
        var b = IamClient.builder().region(Region.AWS_GLOBAL).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(caller));
        if (iamEndpoint != null) {
            b.endpointOverride(iamEndpoint);
        }
        return b.build();
    }

    private static Session session(Credentials c) {
        return new Session(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    /**
     * A call that succeeded despite a skewed clock still gets a warning: countdowns and the
     * 15-minute refresh margin are computed with this clock, and AWS refuses signatures past 5 min.
     */
    private void checkSkew(StsResponse response) {
        Duration skew = skew(response.sdkHttpResponse());
        if (skew != null && skew.abs().compareTo(MAX_SKEW) > 0) {
            warnings.accept("warning: " + skewed(skew).getMessage());
        }
    }

    private Duration skew(SdkHttpResponse http) {
        if (http == null) {
            return null;
        }
        Optional<String> date = http.firstMatchingHeader("Date");
        if (date.isEmpty()) {
            return null;
        }
        try {
            Instant server = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Duration.between(server, clock.instant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private StsException skewed(Duration skew) {
        return new StsException("profile '" + profile + "': this computer's clock is " + Math.abs(skew.toSeconds())
                + " s " + (skew.isNegative() ? "behind" : "ahead of") + " AWS; set the clock (enable NTP sync) and retry");
    }

    private StsException refused(String call, SdkServiceException e, boolean withMfa) {
        SdkHttpResponse http = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a
                && a.awsErrorDetails() != null ? a.awsErrorDetails().sdkHttpResponse() : null;
        Duration skew = skew(http);
        if (skew != null && skew.abs().compareTo(MAX_SKEW) > 0) {
            return skewed(skew);
        }
        String code = errorCode(e);
        String what = code != null ? code : "HTTP " + e.statusCode();
        if (e.statusCode() == 403 && withMfa && "AccessDenied".equals(code)) {
            return new StsException("profile '" + profile + "': AWS rejected the MFA code (" + call + ": " + what
                    + "); wait for the next code and run `tokentray unlock " + profile + "` again", e);
        }
        if (e.statusCode() == 403) {
            return new StsException("profile '" + profile + "': AWS refused the keys (" + call + ": " + what
                    + "); check them with `tokentray list` or store new ones with `tokentray add " + profile + "`", e);
        }
        return new StsException("profile '" + profile + "': " + call + " failed (" + what + ")", e);
    }

    /**
     * An IAM call refused for want of a permission says which one. The caller's credentials were
     * just accepted by STS, so a 403 here is a permission (or an MFA condition), unless AWS says
     * outright that the credentials are bad.
     */
    private StsException iamRefused(String call, SdkServiceException e) {
        String code = errorCode(e);
        if (e.statusCode() == 403 && !BAD_CREDENTIALS.contains(String.valueOf(code))) {
            return new StsException("profile '" + profile + "': not allowed to call " + call + " ("
                    + (code != null ? code : "HTTP 403") + "); an administrator must allow it on your own IAM user", e);
        }
        return refused(call, e, false);
    }

    private static String errorCode(SdkServiceException e) {
        return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a
                && a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : null;
    }

    private StsException unreachable(String service, SdkClientException e) {
        return new StsException("profile '" + profile + "': cannot reach AWS " + service + " ("
                + e.getClass().getSimpleName() + "); check the network and retry", e);
    }
}
