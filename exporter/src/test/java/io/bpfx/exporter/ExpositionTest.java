package io.bpfx.exporter;

import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.Test;

import static io.bpfx.exporter.ExampleExporter.EXPECTED;
import static io.bpfx.exporter.ExampleExporter.collector;
import static io.bpfx.exporter.ExampleExporter.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A whole scrape, from hand-built map bytes to Prometheus text 0.0.4, compared character for character. */
class ExpositionTest {

    @Test
    void textFormat004OfASmallRegistry() throws Exception {
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(collector());
        assertEquals(EXPECTED, scrape(registry));
    }

    @Test
    void aSecondScrapeIsIdentical() throws Exception {
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(collector());
        scrape(registry);
        assertEquals(EXPECTED, scrape(registry));
    }
}
