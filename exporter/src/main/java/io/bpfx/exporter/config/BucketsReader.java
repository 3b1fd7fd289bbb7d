package io.bpfx.exporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpfx.exporter.spec.BucketType;
import io.bpfx.exporter.spec.HistogramSpec;

import java.util.ArrayList;
import java.util.List;

/** A metric's {@code bucket_type}, {@code bucket_min}/{@code max}/{@code keys}/{@code multiplier}: histograms only. */
final class BucketsReader {

    private static final List<String> KEYS = List.of("bucket_type", "bucket_min", "bucket_max", "bucket_keys",
            "bucket_multiplier");

    private final ConfigFields f;

    BucketsReader(ConfigFields f) {
        this.f = f;
    }

    /** A histogram's {@code bucket_*} keys. */
    HistogramSpec read(JsonNode node, String path) {
        String typeName = f.requiredString(node, path, "bucket_type");
        BucketType type = BucketType.fromConfigName(typeName);
        if (type == null) {
            throw f.bad(ConfigFields.at(path, "bucket_type"), "unknown bucket type \"" + typeName
                    + "\" (expected exp2, exp2zero, linear or fixed)");
        }
        List<Double> keys = new ArrayList<>();
        List<JsonNode> k = f.list(node.get("bucket_keys"), ConfigFields.at(path, "bucket_keys"));
        for (int i = 0; i < k.size(); i++) {
            keys.add(f.number(k.get(i), ConfigFields.at(path, "bucket_keys") + "[" + i + "]", 0));
        }
        try {
            return new HistogramSpec(type,
                    f.integer(node.get("bucket_min"), ConfigFields.at(path, "bucket_min"), 0),
                    f.integer(node.get("bucket_max"), ConfigFields.at(path, "bucket_max"), 0),
                    keys,
                    f.number(node.get("bucket_multiplier"), ConfigFields.at(path, "bucket_multiplier"), 0));
        } catch (IllegalArgumentException e) {
            throw f.bad(ConfigFields.at(path, "bucket_type"), e.getMessage());
        }
    }

    /** A counter or gauge: any bucket key is a mistake. */
    void refuse(JsonNode node, String path) {
        for (String key : KEYS) {
            if (!ConfigFields.absent(node.get(key))) {
                throw f.bad(ConfigFields.at(path, key), "only histograms have buckets");
            }
        }
    }
}
