package io.ckbridge.ops.cdc;

import java.net.URI;

/** A component's {@code /health} URL from the {@code /metrics} URL (or base URL) it was given as. */
final class HealthUrl {
    private HealthUrl() {
    }

    static URI of(String given) {
        String url = given.trim();
        if (url.endsWith("/metrics")) {
            url = url.substring(0, url.length() - "metrics".length());
        } else if (!url.endsWith("/")) {
            url = url + "/";
        }
        return URI.create(url + "health");
    }
}
