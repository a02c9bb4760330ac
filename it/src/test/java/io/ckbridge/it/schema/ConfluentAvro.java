package io.ckbridge.it.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads records as a Confluent-compatible Avro deserializer does, and nothing else: magic byte 0,
 * a 4-byte schema id looked up at {@code /schemas/ids/{id}} of the Confluent-compatible API, then
 * Avro binary in that schema. Also the few calls of that API the tests check subjects with.
 */
final class ConfluentAvro {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String confluentApi;
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    ConfluentAvro(String confluentApi) {
        this.confluentApi = confluentApi;
    }

    /** The schema id a framed message names; fails unless it is Confluent's framing. */
    static int schemaId(byte[] message) {
        if (message == null || message.length < 5 || message[0] != 0) {
            throw new AssertionError("not Confluent's framing (magic byte 0 + 4-byte id): "
                    + (message == null ? "null" : java.util.HexFormat.of().formatHex(message, 0,
                    Math.min(message.length, 8))));
        }
        return ByteBuffer.wrap(message, 1, 4).getInt();
    }

    /** The schema of a value that may be absent ({@code ["null", T]}): T. */
    static Schema nonNull(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                ? schema.getTypes().stream().filter(type -> type.getType() != Schema.Type.NULL).findFirst()
                        .orElseThrow() : schema;
    }

    GenericRecord read(byte[] message) {
        Schema schema = schema(schemaId(message));
        try {
            return new GenericDatumReader<GenericRecord>(schema).read(null,
                    DecoderFactory.get().binaryDecoder(message, 5, message.length - 5, null));
        } catch (IOException e) {
            throw new AssertionError("Avro of schema " + schemaId(message) + " unreadable", e);
        }
    }

    Schema schema(int id) {
        return schemas.computeIfAbsent(id, key -> new Schema.Parser().parse(get("/schemas/ids/" + key)
                .path("schema").asText()));
    }

    JsonNode get(String path) {
        return call(HttpRequest.newBuilder(URI.create(confluentApi + path)).GET().build());
    }

    JsonNode put(String path, String body) {
        return call(HttpRequest.newBuilder(URI.create(confluentApi + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode call(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(request.method() + " " + request.uri() + ": " + response.statusCode() + " "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
