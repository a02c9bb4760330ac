package io.ckbridge.source.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of the rows sent at the boundary time, as they are kept in a Connect offset: Connect
 * offsets may hold only primitive values, so the set travels as the text of a JSON array.
 */
final class BoundaryKeys {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BoundaryKeys() {
    }

    static String encode(Set<String> keys) {
        try {
            return JSON.writeValueAsString(keys);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the boundary keys", e);
        }
    }

    static Set<String> decode(Object stored) {
        Set<String> keys = new LinkedHashSet<>();
        if (stored instanceof String text && !text.isBlank()) {
            try {
                keys.addAll(JSON.readValue(text, new TypeReference<List<String>>() { }));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("unreadable boundary keys in the stored offset: " + text, e);
            }
        }
        return keys;
    }
}
