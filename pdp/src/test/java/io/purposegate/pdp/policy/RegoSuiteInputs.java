package io.purposegate.pdp.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every input the policy library's own tests ({@code *_test.rego}) evaluate with, collected by OPA itself: in a copy
 * of the library, each {@code with input as T} becomes {@code with input as data.capture.input_of(T)}, a function
 * that prints {@code json.marshal(T)} and returns T; {@code opa test -v} then runs the whole suite (which must still
 * pass) and its output holds each input once per use.
 */
final class RegoSuiteInputs {

    private static final String MARK = "PURPOSEGATE-INPUT ";
    private static final String WITH_INPUT = "with input as ";

    private RegoSuiteInputs() {
    }

    /** The distinct inputs (JSON text) of the suite in {@code policies}, in order of first use. */
    static List<String> collect(Path opa, Path policies, Path work) throws IOException, InterruptedException {
        Path copy = work.resolve("policies-capture");
        try (Stream<Path> walk = Files.walk(policies)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = copy.resolve(policies.relativize(file).toString());
                Files.createDirectories(target.getParent());
                String name = file.getFileName().toString();
                if (name.endsWith("_test.rego")) {
                    Files.writeString(target, capture(Files.readString(file, StandardCharsets.UTF_8)));
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Files.writeString(copy.resolve("capture.rego"), """
                package capture

                input_of(x) := x if {
                \tprint("%s", json.marshal(x))
                }
                """.formatted(MARK.strip()));
        Path output = work.resolve("opa-test.out");
        Process test = new ProcessBuilder(opa.toString(), "test", "-v", copy.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!test.waitFor(120, TimeUnit.SECONDS) || test.exitValue() != 0) {
            test.destroyForcibly();
            throw new IllegalStateException("opa test of the capturing copy failed:\n" + Files.readString(output));
        }
        Set<String> inputs = new LinkedHashSet<>();
        for (String line : Files.readAllLines(output)) {
            int at = line.indexOf(MARK);
            if (at >= 0) {
                inputs.add(line.substring(at + MARK.length()).strip());
            }
        }
        return new ArrayList<>(inputs);
    }

    /** Wraps the term after each {@code with input as} (up to white space outside brackets and strings). */
    static String capture(String rego) {
        StringBuilder out = new StringBuilder(rego.length() + 1024);
        int i = 0;
        while (true) {
            int at = rego.indexOf(WITH_INPUT, i);
            if (at < 0) {
                out.append(rego, i, rego.length());
                return out.toString();
            }
            int start = at + WITH_INPUT.length();
            out.append(rego, i, start);
            int end = termEnd(rego, start);
            out.append("data.capture.input_of(").append(rego, start, end).append(')');
            i = end;
        }
    }

    private static int termEnd(String rego, int start) {
        int depth = 0;
        int k = start;
        while (k < rego.length()) {
            char c = rego.charAt(k);
            if (c == '"') {
                k++;
                while (k < rego.length() && rego.charAt(k) != '"') {
                    k += rego.charAt(k) == '\\' ? 2 : 1;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return k;
                }
                depth--;
            } else if (Character.isWhitespace(c) && depth == 0) {
                return k;
            }
            k++;
        }
        return k;
    }
}
