package io.purposegate.pdp.policy.wasm;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.styra.opa.wasm.DefaultMappers;
import com.styra.opa.wasm.OpaWasm;
import com.styra.opa.wasm.OpaWasm_ModuleExports;

/**
 * One instance of the compiled policy, with its data loaded once and kept: evaluations reset the heap to the end
 * of the data, so they never reload it. Evaluation goes through OPA's one-call ABI ({@code opa_eval}: input as JSON
 * text in, the result set as JSON text out), not the library's five-call sequence.
 *
 * <p><b>Not thread-safe.</b> An instance belongs to one thread at a time (the pool lends it), and is discarded after
 * any exception: its memory may be in any state.
 */
final class PolicyInstance {

    private static final int INITIAL_PAGES = 16;

    private final OpaWasm_ModuleExports exports;
    private final Memory memory;
    private final Map<String, Integer> entrypoints;
    private final int baseHeapPtr;
    private int dataAddr = -1;
    private int dataHeapPtr;
    private String dataVersion;

    private PolicyInstance(OpaWasm wasm) {
        this.exports = wasm.exports();
        this.memory = wasm.memory();
        long major = exports.opaWasmAbiVersion().getValue();
        long minor = exports.opaWasmAbiMinorVersion().getValue();
        if (major != 1 || minor < 2) {
            throw new IllegalArgumentException("the policy module's Wasm ABI is " + major + "." + minor + "; 1.2 or later is needed");
        }
        this.entrypoints = readEntrypoints();
        this.baseHeapPtr = exports.opaHeapPtrGet();
        this.dataHeapPtr = baseHeapPtr;
    }

    /**
     * Instantiates {@code module} (Chicory's bytecode compiler, never its interpreter) with the PDP's host builtins
     * and loads {@code data}.
     *
     * @param maxPages the most 64 KiB pages the instance's memory may grow to
     */
    static PolicyInstance create(byte[] module, byte[] data, String dataVersion, int maxPages) {
        OpaWasm wasm = OpaWasm.builder()
                .withInputStream(new ByteArrayInputStream(module))
                .withJsonMapper(DefaultMappers.jsonMapper)
                .withYamlMapper(DefaultMappers.yamlMapper)
                .withMemory(new ByteArrayMemory(new MemoryLimits(Math.min(INITIAL_PAGES, maxPages), maxPages)))
                .withDefaultBuiltins(false)
                .addBuiltins(HostBuiltins.all())
                .build();
        PolicyInstance instance = new PolicyInstance(wasm);
        instance.data(data, dataVersion);
        return instance;
    }

    /** The entrypoint's id in this module; fails for a name the module was not built with. */
    int entrypoint(String name) {
        Integer id = entrypoints.get(name);
        if (id == null) {
            throw new IllegalArgumentException("the policy module has no entrypoint " + name + " (it has " + entrypoints.keySet() + ")");
        }
        return id;
    }

    Map<String, Integer> entrypoints() {
        return Map.copyOf(entrypoints);
    }

    /** Replaces the data document (a data-only change): 1-2 ms for the shipped data, no new instance. */
    void data(byte[] json, String version) {
        if (dataAddr != -1) {
            exports.opaValueFree(dataAddr);
        }
        exports.opaHeapPtrSet(baseHeapPtr);
        int text = write(json);
        int parsed = exports.opaJsonParse(text, json.length);
        if (parsed == 0) {
            throw new IllegalArgumentException("the policy data is not JSON the policy module can read");
        }
        exports.opaFree(text);
        this.dataAddr = parsed;
        this.dataHeapPtr = exports.opaHeapPtrGet();
        this.dataVersion = version;
    }

    String dataVersion() {
        return dataVersion;
    }

    /**
     * Evaluates {@code entrypoint} for {@code input} (JSON text) and returns OPA's result set as JSON text:
     * {@code [{"result": ...}]}, or {@code []} when the document is undefined.
     */
    String evaluate(int entrypoint, byte[] input) {
        exports.opaHeapPtrSet(dataHeapPtr);
        int inputAddr = dataHeapPtr;
        ensureCapacity(inputAddr + input.length);
        memory.write(inputAddr, input);
        int heapPtr = inputAddr + input.length;
        int result = exports.opaEval(0, entrypoint, dataAddr, inputAddr, input.length, heapPtr, 0);
        if (result == 0) {
            throw new IllegalStateException("the policy module returned no result");
        }
        return memory.readCString(result, StandardCharsets.UTF_8);
    }

    private int write(byte[] bytes) {
        int address = exports.opaMalloc(bytes.length);
        memory.write(address, bytes);
        return address;
    }

    private void ensureCapacity(long end) {
        long available = (long) memory.pages() * Memory.PAGE_SIZE;
        if (end > available) {
            int pages = (int) ((end - available + Memory.PAGE_SIZE - 1) / Memory.PAGE_SIZE);
            if (memory.grow(pages) < 0) {
                throw new IllegalStateException("the input does not fit the policy instance's memory limit");
            }
        }
    }

    private Map<String, Integer> readEntrypoints() {
        int address = exports.entrypoints();
        int text = exports.opaJsonDump(address);
        String json = memory.readCString(text);
        exports.opaFree(text);
        try {
            JsonNode node = DefaultMappers.jsonMapper.readTree(json);
            Map<String, Integer> ids = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                ids.put(field.getKey(), field.getValue().intValue());
            }
            return ids;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the policy module's entrypoints are not readable", e);
        }
    }
}
