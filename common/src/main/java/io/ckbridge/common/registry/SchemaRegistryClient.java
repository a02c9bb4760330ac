package io.ckbridge.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The calls of the Confluent-compatible schema registry API the bridge makes: register a schema
 * under a subject (the registry enforces the subject's compatibility and says why it refuses),
 * read and set compatibility levels, list subjects and versions. Speaks to Confluent's registry
 * and to Apicurio Registry's {@code /apis/ccompat/v7} alike.
 */
public final class SchemaRegistryClient {
    /** The compatibility levels a subject can have. */
    public static final List<String> COMPATIBILITY_LEVELS = List.of("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
            "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RegistryUrl url;
    private final HttpClient http;

    /** What the registry said to a schema: its id, or why it refused it. */
    public record Registration(int id, int status, String refusal) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    /** One version of a subject. */
    public record SubjectVersion(String subject, int version, int id, String schema) {
    }

    /** The registry could not be asked (down, or an unexpected answer): try again later. */
    public static final class UnavailableException extends UncheckedIOException {
        UnavailableException(String message, IOException cause) {
            super(message, cause);
        }
    }

    public SchemaRegistryClient(RegistryUrl url) {
        this.url = url;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    public RegistryUrl url() {
        return url;
    }

    /**
     * Registers an Avro schema under {@code subject} (a schema it already has keeps its id). A
     * refusal (409 incompatible, 422 invalid) is an answer, not an error: it carries the registry's reason.
     */
    public Registration register(String subject, String avroSchema) {
        ObjectNode body = JSON.createObjectNode().put("schemaType", "AVRO").put("schema", avroSchema);
        HttpResponse<String> response = send(request("/subjects/" + encode(subject) + "/versions")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() == 200) {
            return new Registration(read(response).path("id").asInt(), 200, null);
        }
        if (response.statusCode() == 409 || response.statusCode() == 422) {
            return new Registration(-1, response.statusCode(), reason(response));
        }
        throw unexpected("registering a schema under " + subject, response);
    }

    /** The subject's own compatibility level; empty when it has none (the registry's default applies). */
    public Optional<String> compatibility(String subject) {
        HttpResponse<String> response = send(request("/config/" + encode(subject)).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(level(ok(response, "reading the compatibility of " + subject)));
    }

    /** The compatibility of subjects without a level of their own. */
    public String defaultCompatibility() {
        return level(ok(send(request("/config").GET()), "reading the default compatibility"));
    }

    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        ok(send(request("/config/" + encode(subject)).PUT(HttpRequest.BodyPublishers.ofString(body.toString()))),
                "setting the compatibility of " + subject + " to " + level);
    }

    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        ok(send(request("/subjects").GET()), "listing subjects").forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    /** The subject's versions, oldest first; empty when there is no such subject. */
    public List<Integer> versions(String subject) {
        HttpResponse<String> response = send(request("/subjects/" + encode(subject) + "/versions").GET());
        if (response.statusCode() == 404) {
            return List.of();
        }
        List<Integer> versions = new ArrayList<>();
        ok(response, "listing the versions of " + subject).forEach(node -> versions.add(node.asInt()));
        return versions;
    }

    /** One version ({@code "latest"} for the newest). */
    public SubjectVersion version(String subject, String version) {
        JsonNode node = ok(send(request("/subjects/" + encode(subject) + "/versions/" + version).GET()),
                "reading version " + version + " of " + subject);
        return new SubjectVersion(subject, node.path("version").asInt(), node.path("id").asInt(),
                node.path("schema").asText());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url.confluentApi() + path)).timeout(TIMEOUT)
                .header("Content-Type", CONTENT_TYPE).header("Accept", CONTENT_TYPE + ", application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UnavailableException("schema registry " + url.confluentApi() + " does not answer ("
                    + built.method() + " " + built.uri().getPath() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while asking the schema registry", new IOException(e));
        }
    }

    private JsonNode ok(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw unexpected(what, response);
        }
        return read(response);
    }

    private UnavailableException unexpected(String what, HttpResponse<String> response) {
        return new UnavailableException("schema registry " + url.confluentApi() + " answered " + what + " with "
                + response.statusCode() + ": " + reason(response), new IOException("HTTP " + response.statusCode()));
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UnavailableException("schema registry answered what is not JSON: " + response.body(), e);
        }
    }

    /** The registry's own words: Confluent's {@code message} (without a Java exception's name), else the body. */
    private static String reason(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body.hasNonNull("message")) {
                return body.get("message").asText().replaceFirst("^([\\w$]+\\.)+[\\w$]*Exception: ", "");
            }
        } catch (IOException e) {
            // not JSON: the body as it is
        }
        return response.body();
    }

    private static String level(JsonNode config) {
        return config.has("compatibilityLevel") ? config.path("compatibilityLevel").asText()
                : config.path("compatibility").asText();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
