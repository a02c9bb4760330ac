package io.ckbridge.ops.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ckbridge.ops.watch.PipelineSnapshot;
import io.ckbridge.ops.watch.PipelineWatch;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/lag}: every consumer group judged by Burrow's rules at the newest poll. */
final class LagApi implements HttpHandler {
    static final String PATH = "/api/lag";

    private final PipelineWatch watch;

    LagApi(PipelineWatch watch) {
        this.watch = watch;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Optional<PipelineSnapshot> latest = watch.latest();
        if (latest.isEmpty()) {
            HttpExchanges.error(exchange, 503, "The first poll has not finished yet.");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("time", latest.get().timeMs());
        body.put("commitTimesFromLog", watch.readingCommitLog());
        body.put("groups", latest.get().lag());
        if (latest.get().errors().containsKey("kafka")) {
            body.put("error", latest.get().errors().get("kafka"));
        }
        HttpExchanges.json(exchange, 200, body);
    }
}
