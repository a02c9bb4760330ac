package io.ckbridge.sandbox;

import java.time.Duration;

/** What {@code bridge sandbox status} shows for one server. */
public record ServerStatus(String name, boolean up, long pid, String address, Duration uptime) {
}
