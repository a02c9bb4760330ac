package io.ckbridge.bench.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SteadyDelayTest {
    @Test
    void aFallingDelayIsNotSteady() {
        SteadyDelay steady = new SteadyDelay();

        assertThat(steady.steadyAfter(2560)).isFalse();
        assertThat(steady.steadyAfter(2110)).isFalse();
        assertThat(steady.steadyAfter(1500)).isFalse();
        assertThat(steady.steadyAfter(900)).isFalse();
    }

    @Test
    void steadyAfterTwoRoundsInARowWithoutAFallOfATenth() {
        SteadyDelay steady = new SteadyDelay();

        assertThat(steady.steadyAfter(400)).isFalse();
        assertThat(steady.steadyAfter(420)).isFalse();
        assertThat(steady.steadyAfter(390)).isTrue();
    }

    @Test
    void oneSlowRoundAloneDoesNotEndIt() {
        SteadyDelay steady = new SteadyDelay();

        assertThat(steady.steadyAfter(900)).isFalse();
        assertThat(steady.steadyAfter(1400)).isFalse(); // a stall
        assertThat(steady.steadyAfter(500)).isFalse();  // still falling
        assertThat(steady.steadyAfter(480)).isFalse();
        assertThat(steady.steadyAfter(470)).isTrue();
    }
}
