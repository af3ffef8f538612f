package io.purposegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The launcher itself, on the stack the tests run: what operators rely on when they run it again. */
class LauncherE2ETest {

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
    }

    @Test
    void upAgainKeepsTheRunningStackAndDoesNotRebuildKeycloak() {
        String output = stack.ownLauncher("up", "-d", "--no-build");

        assertThat(output)
                .contains("Keycloak already built with the current providers jar")
                .contains("keycloak already runs", "opa already runs", "pdp already runs", "demo-crm already runs")
                .contains("PurposeGate is up")
                .doesNotContain("kc.sh build, only when the jar changed");
    }

    @Test
    void statusReportsEveryServiceReady() {
        String output = stack.ownLauncher("status");

        assertThat(output.lines().filter(line -> line.contains("ready (pid")).count()).isEqualTo(4);
    }
}
