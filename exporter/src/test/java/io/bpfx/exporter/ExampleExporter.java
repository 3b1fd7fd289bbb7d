package io.bpfx.exporter;

import io.bpfx.engine.MapSnapshot;
import io.bpfx.exporter.config.V2ConfigReader;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.decode.Kallsyms;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.ValueSpec;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bpfx.exporter.Snapshots.concat;
import static io.bpfx.exporter.Snapshots.cstr;
import static io.bpfx.exporter.Snapshots.u32;
import static io.bpfx.exporter.Snapshots.u64;
import static io.bpfx.exporter.Snapshots.u8;
import static io.bpfx.exporter.Snapshots.zeros;

/**
 * A small exporter over hand-built map bytes (a cachestat-like counter, a biolatency-like
 * histogram, a gauge) and the exact Prometheus text 0.0.4 a scrape of it gives.
 */
public final class ExampleExporter {

    private ExampleExporter() {
    }

    public static final String CONFIG = """
            metrics:
              counters:
                - name: page_cache_ops_total
                  help: Page cache operation counters by type
                  labels:
                    - name: op
                      size: 8
                      decoders:
                        - name: ksym
                    - name: command
                      size: 16
                      decoders:
                        - name: string
                        - name: regexp
                          regexps:
                            - ^systemd-journal$
                            - ^syslog-ng$
              histograms:
                - name: bio_latency_seconds
                  help: Block IO latency histogram
                  bucket_type: exp2
                  bucket_min: 0
                  bucket_max: 2
                  bucket_multiplier: 0.000001
                  labels:
                    - name: device
                      size: 8
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
            """;

    public static final long MARK_PAGE_ACCESSED = 0xffffffff8129f5b0L;
    public static final long ADD_TO_PAGE_CACHE_LRU = 0xffffffff812a1f40L;

    public static DecoderSet decoders() {
        return DecoderSet.builder().kallsyms(Kallsyms.ofText(
                "ffffffff8129f5b0 T mark_page_accessed\nffffffff812a1f40 T add_to_page_cache_lru\n")).build();
    }

    public static Map<String, MapSnapshot> maps() {
        MapSnapshot ops = Snapshots.map("page_cache_ops_total", 24, 8)
                .entry(concat(u64(MARK_PAGE_ACCESSED), cstr("syslog-ng", 16)), 54846)
                .entry(concat(u64(ADD_TO_PAGE_CACHE_LRU), cstr("syslog-ng", 16)), 1092)
                .entry(concat(u64(MARK_PAGE_ACCESSED), cstr("bash", 16)), 10)
                .entry(concat(u64(MARK_PAGE_ACCESSED), cstr("systemd-journal", 16)), 898000)
                // different raw key (bytes after the NUL), same labels: summed into the entry above
                .entry(concat(u64(MARK_PAGE_ACCESSED), cstr("systemd-journal\0x", 16)), 214)
                .entry(concat(u64(MARK_PAGE_ACCESSED + 1), cstr("syslog-ng", 16)), 3)
                .build();
        MapSnapshot bio = Snapshots.map("bio_latency_seconds", 24, 8)
                .entry(concat(cstr("sda", 8), u8(1), zeros(7), u64(0)), 2)
                .entry(concat(cstr("sda", 8), u8(1), zeros(7), u64(2)), 5)
                .entry(concat(cstr("sda", 8), u8(1), zeros(7), u64(3)), 64)   // bucket_max + 1: the sum
                .entry(concat(cstr("sda", 8), u8(2), zeros(7), u64(1)), 4)
                .entry(concat(cstr("sda", 8), u8(3), zeros(7), u64(0)), 1)
                .build();
        MapSnapshot runq = Snapshots.map("runq", 4, 8)
                .entry(u32(1), concat(u32(0xffffffffL), u32(3)))
                .entry(u32(0), concat(u32(0), u32(12)))
                .build();
        return Map.of("page_cache_ops_total", ops, "bio_latency_seconds", bio, "runq", runq);
    }

    public static MapMetricsCollector collector() {
        List<MetricSpec> specs = new ArrayList<>(V2ConfigReader.parse("example", "example.yaml", CONFIG).toMetricSpecs());
        specs.add(MetricSpec.gauge("bpfx_runqueue_tasks").help("Tasks waiting per run queue").config("runq.lua")
                .map("runq").label("queue", 0, 4, "uint").value(new ValueSpec(4, 4, false)).build());
        return MapMetricsCollector.builder(maps()::get).decoders(decoders()).metrics(specs).build();
    }

    public static final String EXPECTED = """
            # HELP bpfx_runqueue_tasks Tasks waiting per run queue
            # TYPE bpfx_runqueue_tasks gauge
            bpfx_runqueue_tasks{queue="0",} 12.0
            bpfx_runqueue_tasks{queue="1",} 3.0
            # HELP ebpf_exporter_bio_latency_seconds Block IO latency histogram
            # TYPE ebpf_exporter_bio_latency_seconds histogram
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="read",le="1e-06",} 2.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="read",le="2e-06",} 2.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="read",le="4e-06",} 7.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="read",le="+Inf",} 7.0
            ebpf_exporter_bio_latency_seconds_sum{device="sda",operation="read",} 6.4E-5
            ebpf_exporter_bio_latency_seconds_count{device="sda",operation="read",} 7.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="unknown:3",le="1e-06",} 1.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="unknown:3",le="2e-06",} 1.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="unknown:3",le="4e-06",} 1.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="unknown:3",le="+Inf",} 1.0
            ebpf_exporter_bio_latency_seconds_sum{device="sda",operation="unknown:3",} 0.0
            ebpf_exporter_bio_latency_seconds_count{device="sda",operation="unknown:3",} 1.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="write",le="1e-06",} 0.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="write",le="2e-06",} 4.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="write",le="4e-06",} 4.0
            ebpf_exporter_bio_latency_seconds_bucket{device="sda",operation="write",le="+Inf",} 4.0
            ebpf_exporter_bio_latency_seconds_sum{device="sda",operation="write",} 0.0
            ebpf_exporter_bio_latency_seconds_count{device="sda",operation="write",} 4.0
            # HELP ebpf_exporter_decoder_errors_total How many times has decoders encountered errors
            # TYPE ebpf_exporter_decoder_errors_total counter
            ebpf_exporter_decoder_errors_total{config="example",} 0.0
            ebpf_exporter_decoder_errors_total{config="runq.lua",} 0.0
            # HELP ebpf_exporter_page_cache_ops_total Page cache operation counters by type
            # TYPE ebpf_exporter_page_cache_ops_total counter
            ebpf_exporter_page_cache_ops_total{command="syslog-ng",op="add_to_page_cache_lru",} 1092.0
            ebpf_exporter_page_cache_ops_total{command="syslog-ng",op="mark_page_accessed",} 54846.0
            ebpf_exporter_page_cache_ops_total{command="syslog-ng",op="unknown_addr:0xffffffff8129f5b1",} 3.0
            ebpf_exporter_page_cache_ops_total{command="systemd-journal",op="mark_page_accessed",} 898214.0
            """;

    public static String scrape(CollectorRegistry registry) throws Exception {
        StringWriter w = new StringWriter();
        TextFormat.write004(w, registry.metricFamilySamples());
        return w.toString();
    }
}
