package io.ckbridge.ops.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ckbridge.ops.history.SeriesHistory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/history?series=a,b&minutes=N}: the points of each series over the last N
 * minutes (default 15) as [time ms, value] pairs; without {@code series}, the names of all.
 */
final class HistoryApi implements HttpHandler {
    static final String PATH = "/api/history";

    private final SeriesHistory history;

    HistoryApi(SeriesHistory history) {
        this.history = history;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = HttpExchanges.query(exchange);
        long now = System.currentTimeMillis();
        String series = query.getOrDefault("series", "");
        if (series.isBlank()) {
            HttpExchanges.json(exchange, 200, Map.of("series", history.names(now)));
            return;
        }
        long minutes;
        try {
            minutes = Long.parseLong(query.getOrDefault("minutes", "15"));
        } catch (NumberFormatException e) {
            HttpExchanges.error(exchange, 400, "minutes must be a whole number, not '" + query.get("minutes") + "'.");
            return;
        }
        List<Map<String, Object>> answer = new ArrayList<>();
        for (String name : series.split(",")) {
            List<List<Object>> points = new ArrayList<>();
            history.since(name.trim(), now - minutes * 60_000).forEach(point ->
                    points.add(List.of(point.timeMs(), point.value())));
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", name.trim());
            one.put("points", points);
            answer.add(one);
        }
        HttpExchanges.json(exchange, 200, Map.of("series", answer));
    }
}
