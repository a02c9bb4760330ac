package io.ckbridge.ops.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ckbridge.ops.watch.PipelineSnapshot;
import io.ckbridge.ops.watch.PipelineWatch;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@code GET} of one part of the newest poll ({@code /api/lag}, {@code /api/nodes},
 * {@code /api/cdc}, {@code /api/findings}): {@code {"time": ms, <part>: ...}}, 503 before the
 * first poll.
 */
final class SnapshotApi implements HttpHandler {
    private final PipelineWatch watch;
    private final Function<PipelineSnapshot, Map<String, Object>> part;

    SnapshotApi(PipelineWatch watch, Function<PipelineSnapshot, Map<String, Object>> part) {
        this.watch = watch;
        this.part = part;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            HttpExchanges.error(exchange, 405, "Only GET here.");
            return;
        }
        Optional<PipelineSnapshot> latest = watch.latest();
        if (latest.isEmpty()) {
            HttpExchanges.error(exchange, 503, "The first poll has not finished yet.");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("time", latest.get().timeMs());
        body.putAll(part.apply(latest.get()));
        HttpExchanges.json(exchange, 200, body);
    }
}
