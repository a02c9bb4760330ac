package io.ckbridge.ops.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;

/** Waits for an admin client's answer: Kafka's own exception when it refuses, a plain sentence when it is silent. */
public final class KafkaAnswers {
    public static final long TIMEOUT_SECONDS = 15;

    private KafkaAnswers() {
    }

    public static <T> T get(KafkaFuture<T> future) throws Exception {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("Kafka did not answer within " + TIMEOUT_SECONDS + " s");
        }
    }
}
