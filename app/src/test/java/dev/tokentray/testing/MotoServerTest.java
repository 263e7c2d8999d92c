package dev.tokentray.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The moto fixture starts a real STS/IAM endpoint that the AWS SDK talks to, and stops it. */
class MotoServerTest {
    @Test
    void servesIamAndStsToTheSdkAndStopsCleanly() {
        MotoServer moto = new MotoServer();
        moto.start();
        int port = moto.port();
        try {
            AwsBasicCredentials bootstrap = AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "bootstrap");
            AccessKey key;
            try (IamClient iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(bootstrap)).build()) {
                iam.createUser(b -> b.userName("alice"));
                key = iam.createAccessKey(b -> b.userName("alice")).accessKey();
            }
            assertTrue(key.accessKeyId().startsWith("AKIA"), key.accessKeyId());

            try (StsClient sts = StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))).build()) {
                GetCallerIdentityResponse me = sts.getCallerIdentity();
                assertEquals("arn:aws:iam::123456789012:user/alice", me.arn());
            }
            moto.reset();
        } finally {
            moto.stop();
        }
        assertFalse(FreePort.accepting(port), "moto_server is gone after stop");
    }
}
