package io.purposegate.pdp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The compiled policy the PDP evaluates decides exactly as OPA does: for every input the Rego test suite uses
 * (collected by OPA running the suite), both entrypoints, compared member by member.
 */
class PolicyDifferentialTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyInputOfTheRegoTestSuiteIsDecidedTheSameByTheCompiledPolicyAndByOpa() throws Exception {
        BothEngines engines = BothEngines.shared();
        List<String> inputs = RegoSuiteInputs.collect(RealOpa.binary(), BothEngines.policies(), engines.work);
        assertThat(inputs).as("inputs captured from the Rego test suite").hasSizeGreaterThan(100);

        List<String> differences = new ArrayList<>();
        int batches = 0;
        for (String input : inputs) {
            List<String> members = engines.differences(BothEngines.DECISION, input);
            if (!members.isEmpty()) {
                differences.add(members + " for " + input);
            }
            JsonNode parsed = JSON.readTree(input);
            if (parsed.has("items")) {
                batches++;
                List<String> batchMembers = engines.differences(BothEngines.BATCH, input);
                if (!batchMembers.isEmpty()) {
                    differences.add("batch " + batchMembers + " for " + input);
                }
            }
        }
        assertThat(batches).as("batch inputs among them").isPositive();
        assertThat(differences).as("decisions that differ between the compiled policy and OPA").isEmpty();
    }

    @Test
    void theCompiledPolicyNamesTheRevisionOpaReportsForTheSameFiles() throws Exception {
        BothEngines engines = BothEngines.shared();
        assertThat(engines.compiled.revision()).isEqualTo(engines.bundle.rego().revision()).startsWith("sha256-");
        assertThat(engines.compiled.dataVersion()).isEqualTo(engines.bundle.wasm().dataVersion()).startsWith("sha256-");
    }
}
