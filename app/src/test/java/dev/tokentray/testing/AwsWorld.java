package dev.tokentray.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** Sets up IAM users, MFA devices and roles in moto, as an administrator would in a real account. */
public final class AwsWorld {
    public static final String ACCOUNT = "123456789012";
    /** Anyone may assume the role, with MFA only (moto does not weigh the condition: the StsCheckingProxy does). */
    private static final String TRUST_ANYONE_WITH_MFA = "{\"Version\":\"2012-10-17\",\"Statement\":[{"
            + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\","
            + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";
    /** Anyone may assume the role, MFA or not. */
    private static final String TRUST_ANYONE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final URI moto;

    public AwsWorld(URI moto) {
        this.moto = moto;
    }

    private IamClient iam() {
        return IamClient.builder().endpointOverride(moto).region(Region.AWS_GLOBAL)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "admin"))).build();
    }

    /** Creates a user with an access key; returns the key. */
    public AccessKey user(String name) {
        try (IamClient iam = iam()) {
            iam.createUser(b -> b.userName(name));
            return iam.createAccessKey(b -> b.userName(name)).accessKey();
        }
    }

    /** Gives the user another access key (AWS allows two); returns it. */
    public AccessKey addAccessKey(String user) {
        try (IamClient iam = iam()) {
            return iam.createAccessKey(b -> b.userName(user)).accessKey();
        }
    }

    /** The ids of the user's access keys, sorted. */
    public List<String> accessKeyIds(String user) {
        try (IamClient iam = iam()) {
            return iam.listAccessKeys(b -> b.userName(user)).accessKeyMetadata().stream()
                    .map(AccessKeyMetadata::accessKeyId).sorted().toList();
        }
    }

    /** Grants the user the given actions on every resource (moto enforces this under auth). */
    public void allow(String user, String... actions) {
        String list = String.join("\",\"", actions);
        try (IamClient iam = iam()) {
            iam.putUserPolicy(b -> b.userName(user).policyName("tokentray-test")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":[\"" + list + "\"],\"Resource\":\"*\"}]}"));
        }
    }

    /** Creates and enables a virtual MFA device for the user; returns its serial (ARN). */
    public String mfaDevice(String user) {
        try (IamClient iam = iam()) {
            String serial = iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(user)).virtualMFADevice()
                    .serialNumber();
            iam.enableMFADevice(b -> b.userName(user).serialNumber(serial)
                    .authenticationCode1("123456").authenticationCode2("654321"));
            return serial;
        }
    }

    /**
     * Creates a role anyone may assume with MFA, for up to 12 hours; returns its ARN.
     * (moto does not weigh the condition: the StsCheckingProxy does.)
     */
    public String role(String name) {
        return roleWithTrustPolicy(name, TRUST_ANYONE_WITH_MFA);
    }

    /** Creates a role anyone may assume, without MFA too, for up to 12 hours; returns its ARN. */
    public String roleWithoutMfa(String name) {
        return roleWithTrustPolicy(name, TRUST_ANYONE);
    }

    /** Creates a role with this trust policy (JSON), for up to 12 hours; returns its ARN. */
    public String roleWithTrustPolicy(String name, String trustPolicy) {
        try (IamClient iam = iam()) {
            return iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(trustPolicy)
                    .maxSessionDuration(43_200)).role().arn();
        }
    }

    /** The trust policy (JSON) of the role {@code roleArn}, or empty when there is no such role. */
    public Optional<String> trustPolicy(String roleArn) {
        String name = roleArn == null ? "" : roleArn.substring(roleArn.lastIndexOf('/') + 1);
        try (IamClient iam = iam()) {
            // IAM hands policy documents out URL-encoded.
            return Optional.of(URLDecoder.decode(iam.getRole(b -> b.roleName(name)).role().assumeRolePolicyDocument(),
                    StandardCharsets.UTF_8));
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }
}
