package io.ckbridge.ops.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The page: {@code /} and {@code /ui/*} from this jar, {@code /webjars/uplot/*} from the uPlot
 * webjar on the classpath. Only the files named here are served.
 */
final class StaticFiles implements HttpHandler {
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, String> FILES = Map.of(
            "/", "io/ckbridge/ops/web/index.html",
            "/ui/app.js", "io/ckbridge/ops/web/app.js",
            "/ui/app.css", "io/ckbridge/ops/web/app.css",
            "/webjars/uplot/uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
            "/webjars/uplot/uPlot.min.css", UPLOT + "uPlot.min.css");

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String resource = FILES.get(path.equals("/index.html") ? "/" : path);
        if (resource == null || !exchange.getRequestMethod().equals("GET")) {
            HttpExchanges.error(exchange, 404, "No such page: " + path + " (the page is at /, the API under /api).");
            return;
        }
        byte[] body;
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                HttpExchanges.error(exchange, 500, "The ops jar lacks " + resource + ".");
                return;
            }
            body = in.readAllBytes();
        }
        if (path.startsWith("/webjars/")) {
            exchange.getResponseHeaders().set("Cache-Control", "max-age=86400");
        }
        HttpExchanges.send(exchange, 200, type(resource), body);
    }

    private static String type(String resource) {
        if (resource.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (resource.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }
}
