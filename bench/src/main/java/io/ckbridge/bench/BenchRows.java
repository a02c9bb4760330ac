package io.ckbridge.bench;

import java.time.Instant;
import java.util.UUID;

/**
 * The rows the benchmarks write: ten columns, about 220 bytes as JSON, derived from the row id
 * so every run and every path (sink, ceiling) writes the same data.
 */
public final class BenchRows {
    public static final String COLUMNS = "id bigint PRIMARY KEY, name text, email text, city text, score int, "
            + "balance double, active boolean, created timestamp, ref uuid, note text";
    public static final String INSERT_COLUMNS = "id, name, email, city, score, balance, active, created, ref, note";
    private static final String[] CITIES =
            {"Amsterdam", "Berlin", "Lisbon", "Oslo", "Madrid", "Vienna", "Dublin", "Prague"};
    private static final long BASE_MILLIS = 1_700_000_000_000L;

    private BenchRows() {
    }

    public static String json(long id) {
        return "{\"id\":" + id + ",\"name\":\"user-" + id + "\",\"email\":\"user" + id + "@example.com\",\"city\":\""
                + CITIES[(int) (id % CITIES.length)] + "\",\"score\":" + (id % 10_000)
                + ",\"balance\":" + (id % 100_000) / 100.0
                + ",\"active\":" + (id % 3 != 0) + ",\"created\":" + (BASE_MILLIS + id) + ",\"ref\":\"" + ref(id)
                + "\",\"note\":\"lorem ipsum dolor sit amet " + id + "\"}";
    }

    public static Object[] values(long id) {
        return new Object[] {id, "user-" + id, "user" + id + "@example.com", CITIES[(int) (id % CITIES.length)],
                (int) (id % 10_000), (id % 100_000) / 100.0, id % 3 != 0, Instant.ofEpochMilli(BASE_MILLIS + id),
                ref(id), "lorem ipsum dolor sit amet " + id};
    }

    private static UUID ref(long id) {
        return new UUID(0x5151_0000_0000_4000L | (id >>> 48), 0x8000_0000_0000_0000L | id);
    }
}
