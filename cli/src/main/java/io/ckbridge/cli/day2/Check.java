package io.ckbridge.cli.day2;

/** Something a scenario checked, with what it measured. */
public record Check(String what, boolean holds) {
}
