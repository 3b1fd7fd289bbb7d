package io.bpfx.exporter.config;

import io.bpfx.engine.BpfxException;
import io.bpfx.exporter.spec.BucketType;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.HistogramSpec;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.MetricType;
import io.bpfx.exporter.spec.PerCpuMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class V2ConfigReaderTest {

    /** Shaped like ebpf_exporter's tracepoint examples (biolatency, syscalls, exec tracing). */
    static final String BLOCK_IO = """
            metrics:
              histograms:
                - name: bio_latency_seconds
                  help: Block IO latency histogram
                  bucket_type: exp2
                  bucket_min: 0
                  bucket_max: 26
                  bucket_multiplier: 0.000001 # microseconds to seconds
                  labels:
                    - name: device
                      size: 32
                      decoders:
                        - name: string
                    - name: operation
                      size: 1
                      padding: 7
                      decoders:
                        - name: uint
                        - name: static_map
                          static_map:
                            1: read
                            2: write
                    - name: bucket
                      size: 8
                      decoders:
                        - name: uint
                - name: bio_size_bytes
                  help: Block IO size histogram with kibibyte buckets
                  bucket_type: fixed
                  bucket_keys: [1, 4, 16, 64, 256]
                  bucket_multiplier: 1024
                  labels:
                    - name: device
                      size: 32
                      decoders:
                        - name: majorminor
                    - name: bucket
                      size: 8
                      decoders:
                        - name: uint
              counters:
                - name: syscalls_total
                  help: Syscalls by cgroup, syscall and CPU (raw_syscalls:sys_enter)
                  labels:
                    - name: cgroup
                      size: 8
                      decoders:
                        - name: uint
                        - name: cgroup
                        - name: regexp
                          regexps:
                            - ^/sys/fs/cgroup/system.slice/
                    - name: syscall
                      size: 4
                      decoders:
                        - name: uint
                        - name: syscall
                    - name: cpu
                      size: 2
                      padding: 2
                      decoders:
                        - name: uint
                - name: exec_events_total
                  help: Programs executed (sched:sched_process_exec), from a perf event array
                  perf_event_array: true
                  flush_interval: 5m
                  labels:
                    - name: comm
                      size: 16
                      decoders:
                        - name: string
                        - name: static_map
                          allow_unknown: true
                          static_map:
                            sh: shell
                            bash: shell
            kaddrs:
              - blk_account_io_done
            tracing:
              spans:
                - name: exec
                  ringbuf: exec_spans
                  service: exec-trace
                  labels:
                    - name: trace_id
                      size: 16
                      decoders:
                        - name: hex
                    - name: span_id
                      size: 8
                      decoders:
                        - name: hex
            cgroup_id_map:
              name: cgroup_filter
              type: hash
              regexps:
                - ^/sys/fs/cgroup/system.slice/.*
            """;

    @Test
    void parsesARealisticConfig(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("blockio.yaml"), BLOCK_IO);
        V2Config cfg = V2ConfigReader.read(file);

        assertEquals("blockio", cfg.name());
        assertEquals(dir.resolve("blockio.bpf.o").toAbsolutePath(), cfg.bpfObject());
        assertEquals(List.of("blk_account_io_done"), cfg.kaddrs());

        V2Config.Histogram lat = cfg.metrics().histograms().get(0);
        assertEquals(new V2Config.Histogram("bio_latency_seconds", "Block IO latency histogram", BucketType.EXP2,
                0.000001, 0, 26, List.of(), List.of(
                new V2Config.Label("device", 32, 0, List.of(DecoderSpec.of("string"))),
                new V2Config.Label("operation", 1, 7, List.of(DecoderSpec.of("uint"),
                        DecoderSpec.staticMap(Map.of("1", "read", "2", "write"), false))),
                new V2Config.Label("bucket", 8, 0, List.of(DecoderSpec.of("uint"))))), lat);
        V2Config.Histogram size = cfg.metrics().histograms().get(1);
        assertEquals(BucketType.FIXED, size.bucketType());
        assertEquals(List.of(1.0, 4.0, 16.0, 64.0, 256.0), size.bucketKeys());

        V2Config.Counter syscalls = cfg.metrics().counters().get(0);
        assertFalse(syscalls.perfEventArray());
        assertEquals(List.of("^/sys/fs/cgroup/system.slice/"), syscalls.labels().get(0).decoders().get(2).regexps());
        V2Config.Counter exec = cfg.metrics().counters().get(1);
        assertTrue(exec.perfEventArray());
        assertEquals(Duration.ofMinutes(5), exec.flushInterval());
        assertTrue(exec.labels().get(0).decoders().get(1).allowUnknown());
        assertEquals(Map.of("sh", "shell", "bash", "shell"), exec.labels().get(0).decoders().get(1).staticMap());

        V2Config.Span span = cfg.tracing().spans().get(0);
        assertEquals(new V2Config.Span("exec", "exec_spans", "exec-trace", List.of(
                new V2Config.Label("trace_id", 16, 0, List.of(DecoderSpec.of("hex"))),
                new V2Config.Label("span_id", 8, 0, List.of(DecoderSpec.of("hex"))))), span);
        assertEquals(new V2Config.CgroupIdMap("cgroup_filter", "hash", List.of("^/sys/fs/cgroup/system.slice/.*")),
                cfg.cgroupIdMap());
    }

    @Test
    void metricSpecsFollowEbpfExporterNamingAndLayout() {
        List<MetricSpec> specs = V2ConfigReader.parse("blockio", "blockio.yaml", BLOCK_IO).toMetricSpecs(500);
        assertEquals(4, specs.size());

        MetricSpec syscalls = specs.get(0);
        assertEquals(MetricType.COUNTER, syscalls.type());
        assertEquals("ebpf_exporter_syscalls_total", syscalls.name());
        assertEquals("syscalls_total", syscalls.mapName());
        assertEquals("blockio", syscalls.config());
        assertEquals(PerCpuMode.SPLIT, syscalls.perCpu());
        assertEquals(List.of("cgroup", "syscall"), syscalls.keyLabels().stream().map(LabelSpec::name).toList());
        assertEquals(List.of(0, 8), syscalls.keyLabels().stream().map(LabelSpec::offset).toList());
        assertEquals(12, syscalls.expectedKeySize());
        assertEquals(new LabelSpec("cpu", 0, 2, List.of(DecoderSpec.of("uint"))), syscalls.cpuLabel());
        assertEquals(List.of("cgroup", "syscall", "cpu"), syscalls.seriesLabelNames());
        assertEquals(500, syscalls.seriesLimit());

        MetricSpec exec = specs.get(1);
        assertTrue(exec.fromEvents());
        assertEquals(Duration.ofMinutes(5), exec.flushInterval());
        assertEquals(-1, exec.expectedKeySize());

        MetricSpec lat = specs.get(2);
        assertEquals(MetricType.HISTOGRAM, lat.type());
        assertEquals("ebpf_exporter_bio_latency_seconds", lat.name());
        assertEquals(HistogramSpec.exp2(0, 26, 0.000001), lat.histogram());
        // device at 0 (32 bytes), operation at 32 (1 byte + 7 padding), bucket at 40
        assertEquals(List.of(0, 32, 40), lat.keyLabels().stream().map(LabelSpec::offset).toList());
        assertEquals(48, lat.expectedKeySize());
        assertEquals(List.of("device", "operation"), lat.seriesLabelNames());
        assertNull(lat.value());

        assertEquals(HistogramSpec.fixed(List.of(1.0, 4.0, 16.0, 64.0, 256.0), 1024), specs.get(3).histogram());
    }

    @Test
    void perfEventArrayCountersFlushHourlyByDefault() {
        V2Config cfg = V2ConfigReader.parse("x", "x.yaml", """
                metrics:
                  counters:
                    - name: events_total
                      help: Events
                      perf_event_array: true
                      labels:
                        - name: pid
                          size: 4
                          decoders:
                            - name: uint
                """);
        assertEquals(Duration.ofHours(1), cfg.toMetricSpecs().get(0).flushInterval());
    }

    private static String error(String yaml) {
        return assertThrows(BpfxException.BadInput.class, () -> V2ConfigReader.parse("cfg", "conf/cfg.yaml", yaml)).getMessage();
    }

    @Test
    void badConfigsNameTheFileAndTheKey() {
        assertEquals("conf/cfg.yaml: metrics.histograms[0].bucket_type: unknown bucket type \"exp3\" "
                + "(expected exp2, exp2zero, linear or fixed)", error("""
                metrics:
                  histograms:
                    - name: lat
                      help: Latency
                      bucket_type: exp3
                      labels: [{name: bucket, size: 8, decoders: [{name: uint}]}]
                """));
        assertEquals("conf/cfg.yaml: metrics.counters[0].labels[1].decoders[0].name: unknown decoder \"uints\" "
                + "(known: cgroup, dname, errno, hex, ifname, inet_ip, int, kstack, ksym, majorminor, pci_class, pci_device, "
                + "pci_subclass, pci_vendor, regexp, static_map, string, syscall, uint)", error("""
                metrics:
                  counters:
                    - name: c_total
                      help: C
                      labels:
                        - {name: a, size: 4, decoders: [{name: uint}]}
                        - {name: b, size: 4, decoders: [{name: uints}]}
                """));
        assertEquals("conf/cfg.yaml: metrics.histograms[0].bucket_mutliplier: unknown key (allowed here: bucket_keys, "
                + "bucket_max, bucket_min, bucket_multiplier, bucket_type, help, labels, name)", error("""
                metrics:
                  histograms:
                    - name: lat
                      help: Latency
                      bucket_type: exp2
                      bucket_max: 10
                      bucket_mutliplier: 0.001
                      labels: [{name: bucket, size: 8, decoders: [{name: uint}]}]
                """));
        assertEquals("conf/cfg.yaml: metrics.counters[0].help: missing", error("""
                metrics:
                  counters:
                    - name: c_total
                """));
        assertEquals("conf/cfg.yaml: metrics.counters[0].labels[0].size: size is zero or not set", error("""
                metrics:
                  counters:
                    - name: c_total
                      help: C
                      labels: [{name: a, decoders: [{name: uint}]}]
                """));
        assertEquals("conf/cfg.yaml: metrics.counters[0].labels[0].decoders: no decoders set", error("""
                metrics:
                  counters:
                    - name: c_total
                      help: C
                      labels: [{name: a, size: 4}]
                """));
        assertEquals("conf/cfg.yaml: metrics.histograms[0].bucket_max: histogram buckets have zero size: "
                + "[bucket_min .. bucket_max] = [3 .. 3]", error("""
                metrics:
                  histograms:
                    - name: lat
                      help: Latency
                      bucket_type: linear
                      bucket_min: 3
                      bucket_max: 3
                      labels: [{name: bucket, size: 8, decoders: [{name: uint}]}]
                """));
        assertEquals("conf/cfg.yaml: metrics.counters[0].labels[0].decoders[0].name: decoder \"kube_podname\" "
                + "is not supported by bpfx (it asks a Kubernetes container runtime for pod names; use the cgroup decoder for the container's cgroup path)", error("""
                metrics:
                  counters:
                    - name: c_total
                      help: C
                      labels: [{name: a, size: 2, decoders: [{name: kube_podname}]}]
                """));
        assertEquals("conf/cfg.yaml: metrics.counters[1].name: \"c_total\" is defined twice", error("""
                metrics:
                  counters:
                    - {name: c_total, help: C}
                    - {name: c_total, help: D}
                """));
        assertEquals("conf/cfg.yaml: metrics.counters[0].labels[0].size: expected an integer, got \"four\"", error("""
                metrics:
                  counters:
                    - name: c_total
                      help: C
                      labels: [{name: a, size: four, decoders: [{name: uint}]}]
                """));
        assertEquals("conf/cfg.yaml: metrics.counters[0].labels[0].decoders[0].regexps[0]: error compiling regexp "
                + "\"(\": Unclosed group", error("""
                metrics:
                  counters:
                    - name: c_total
                      help: C
                      labels: [{name: a, size: 2, decoders: [{name: regexp, regexps: ["("]}]}]
                """));
        assertEquals("conf/cfg.yaml: metrics are not defined for config \"cfg\" (need metrics or tracing)",
                error("kaddrs: [foo]\n"));
        assertEquals("conf/cfg.yaml: programs: unknown key (allowed here: cgroup_id_map, kaddrs, metrics, tracing)",
                error("programs:\n  - name: bio\n"));
    }

    @Test
    void invalidYamlSaysWhere() {
        String message = error("metrics:\n  counters: [\n");
        assertTrue(message.startsWith("conf/cfg.yaml: invalid YAML at line "), message);
    }

    @Test
    void missingFilesAreNotFound(@TempDir Path dir) {
        BpfxException.NotFound e = assertThrows(BpfxException.NotFound.class, () -> V2ConfigReader.read(dir.resolve("nope.yaml")));
        assertEquals(dir.resolve("nope.yaml") + ": config file not found", e.getMessage());
    }

    @Test
    void goStyleYamlScalarsAreAccepted() {
        V2Config cfg = V2ConfigReader.parse("x", "x.yaml", """
                metrics:
                  histograms:
                    - name: lat_seconds
                      help: Latency
                      bucket_type: exp2zero
                      bucket_max: 10
                      bucket_multiplier: 1e-6
                      labels:
                        - name: op
                          size: 1
                          padding: 7
                          decoders:
                            - name: uint
                            - name: static_map
                              static_map:
                                0x1: read
                                2: 200
                        - name: bucket
                          size: 8
                          decoders: [{name: uint}]
                """);
        V2Config.Histogram h = cfg.metrics().histograms().get(0);
        assertEquals(0.000001, h.bucketMultiplier());
        // keys stay as written (yaml.v2 does the same when decoding into map[string]string)
        assertEquals(Map.of("0x1", "read", "2", "200"), h.labels().get(0).decoders().get(1).staticMap());
    }
}
