package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regexp}: passes the input through when any of {@code regexps} matches
 * somewhere in it (unanchored, as Go's {@code MatchString}); otherwise the whole
 * series is skipped.
 */
public final class RegexpDecoder implements Decoder {

    private final Map<String, Pattern> compiled = new ConcurrentHashMap<>();

    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException, SkipSeries {
        if (conf.regexps().isEmpty()) {
            throw new DecodeException("decoder regexp: no regexps defined in config");
        }
        String text = Bytes.text(in);
        for (String expr : conf.regexps()) {
            if (pattern(expr).matcher(text).find()) {
                return in;
            }
        }
        throw SkipSeries.INSTANCE;
    }

    private Pattern pattern(String expr) throws DecodeException {
        Pattern p = compiled.get(expr);
        if (p == null) {
            p = compile(expr);
            compiled.put(expr, p);
        }
        return p;
    }

    /** Compiles a pattern, for config-time validation too. */
    static Pattern compile(String expr) throws DecodeException {
        try {
            return Pattern.compile(expr);
        } catch (PatternSyntaxException e) {
            throw new DecodeException("decoder regexp: error compiling regexp \"" + expr + "\": " + e.getDescription());
        }
    }
}
