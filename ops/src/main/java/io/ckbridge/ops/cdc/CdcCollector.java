package io.ckbridge.ops.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the CDC publishers' and the materializer's {@code /health} (JSON, also when it answers
 * 503): the backlog, {@code cdc_raw} use and state each reports about itself.
 */
public final class CdcCollector {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> publishers;
    private final String materializer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** {@code materializer} empty: not watched. */
    public CdcCollector(List<String> publishers, String materializer) {
        this.publishers = List.copyOf(publishers);
        this.materializer = materializer;
    }

    public List<PublisherStatus> publishers() {
        List<PublisherStatus> statuses = new ArrayList<>();
        for (String url : publishers) {
            try {
                statuses.add(PublisherStatus.of(url, health(url)));
            } catch (IOException e) {
                statuses.add(PublisherStatus.unreachable(url, "the publisher at " + url + " does not answer: " + e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return statuses;
    }

    public Optional<MaterializerStatus> materializer() {
        if (materializer.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MaterializerStatus.of(materializer, health(materializer)));
        } catch (IOException e) {
            return Optional.of(MaterializerStatus.unreachable(materializer, "the materializer at " + materializer
                    + " does not answer: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private JsonNode health(String url) throws IOException, InterruptedException {
        URI health = HealthUrl.of(url);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException(health + " answered " + response.statusCode() + " without JSON", e);
        }
    }
}
